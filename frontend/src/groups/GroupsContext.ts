import { createContext, useContext } from 'react';
import type { ActivityStore } from './activityStore';
import type { GroupsApi } from './api';

export interface Groups {
  api: GroupsApi;
  activity: ActivityStore;
}

export const GroupsContext = createContext<Groups | null>(null);

export function useGroups(): Groups | null {
  return useContext(GroupsContext);
}
