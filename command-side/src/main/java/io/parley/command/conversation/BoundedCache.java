package io.parley.command.conversation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * A cache holding at most {@code capacity} entries, least recently used out first: the conversation
 * aggregates, and what {@link EncryptedConversations} knows. Axon's own {@code WeakReferenceCache}
 * loses an idle conversation at the next young collection, which under load is every few seconds;
 * this keeps the busiest conversations in memory by count.
 */
final class BoundedCache implements Cache {
  private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
  private final LinkedHashMap<Object, Object> entries;

  BoundedCache(int capacity) {
    this.entries =
        new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            boolean full = size() > capacity;
            if (full) {
              listeners.forEach(l -> l.onEntryExpired(eldest.getKey()));
            }
            return full;
          }
        };
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <K, V> V get(K key) {
    V value = (V) entries.get(key);
    if (value != null) {
      listeners.forEach(l -> l.onEntryRead(key, value));
    }
    return value;
  }

  @Override
  public synchronized void put(Object key, Object value) {
    boolean existed = entries.put(key, value) != null;
    listeners.forEach(
        l -> {
          if (existed) {
            l.onEntryUpdated(key, value);
          } else {
            l.onEntryCreated(key, value);
          }
        });
  }

  @Override
  public synchronized boolean putIfAbsent(Object key, Object value) {
    if (entries.containsKey(key)) {
      return false;
    }
    put(key, value);
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
    T value = (T) entries.get(key);
    if (value == null) {
      value = valueSupplier.get();
      put(key, value);
    }
    return value;
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
    V value = (V) entries.get(key);
    if (value == null) {
      return;
    }
    V updated = update.apply(value);
    if (updated == null) {
      remove(key);
    } else {
      put(key, updated);
    }
  }

  @Override
  public synchronized boolean remove(Object key) {
    boolean removed = entries.remove(key) != null;
    if (removed) {
      listeners.forEach(l -> l.onEntryRemoved(key));
    }
    return removed;
  }

  @Override
  public synchronized void removeAll() {
    List.copyOf(entries.keySet()).forEach(this::remove);
  }

  @Override
  public synchronized boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public Registration registerCacheEntryListener(EntryListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
