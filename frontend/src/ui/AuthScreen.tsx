import { useId, useState, type FormEvent } from 'react';
import { ProblemError, publicPost } from '../api/http';
import type { AuthSession } from '../api/session';
import type { LoginResponse } from '../api/types';

interface Props {
  session: AuthSession;
  expired: boolean;
  /** Shown over the chat when the session ended, so nothing typed there is lost. */
  overlay?: boolean;
}

type Mode = 'login' | 'register';

export function AuthScreen({ session, expired, overlay }: Props) {
  const [mode, setMode] = useState<Mode>('login');
  const [fields, setFields] = useState({ login: '', username: '', email: '', password: '', displayName: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const set = (name: keyof typeof fields) => (event: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [name]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      if (mode === 'register') {
        await publicPost('/api/auth/register', {
          username: fields.username.trim(),
          email: fields.email.trim(),
          password: fields.password,
          displayName: fields.displayName.trim() || undefined,
        });
      }
      const login = mode === 'register' ? fields.username.trim() : fields.login.trim();
      const response = await publicPost<LoginResponse>('/api/auth/login', {
        login,
        password: fields.password,
        deviceName: navigator.userAgent.slice(0, 64),
      });
      session.signIn(response);
    } catch (error) {
      if (error instanceof ProblemError) {
        const byField = error.fieldErrors();
        setErrors(byField);
        if (mode === 'register' && error.status === 401) {
          // a taken email is answered like a success and creates nothing (docs/adr/0090)
          setFormError('This email may already have an account. Log in with it instead.');
        } else if (Object.keys(byField).length === 0) setFormError(error.message);
      } else {
        setFormError('Cannot reach Parley. Check your connection and try again.');
      }
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof typeof fields, label: string, type = 'text', autoComplete?: string, hint?: string) => {
    const inputId = `${id}-${name}`;
    const error = errors[name];
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          name={name}
          type={type}
          value={fields[name]}
          onChange={set(name)}
          autoComplete={autoComplete}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : hint ? `${inputId}-hint` : undefined}
          required={name !== 'displayName'}
        />
        {hint && !error && (
          <small id={`${inputId}-hint`} className="hint">
            {hint}
          </small>
        )}
        {error && (
          <small id={`${inputId}-error`} className="field-error" role="alert">
            {error}
          </small>
        )}
      </div>
    );
  };

  // The sign-in screen is the page's main content; over a paused chat it is a dialog instead.
  const Shell = overlay ? 'div' : 'main';
  return (
    <Shell className={overlay ? 'auth auth-overlay' : 'auth'} role={overlay ? 'dialog' : undefined} aria-modal={overlay || undefined} aria-labelledby={`${id}-title`}>
      <form className="auth-card" onSubmit={submit} noValidate>
        <h1 id={`${id}-title`}>{mode === 'login' ? 'Log in to Parley' : 'Create your Parley account'}</h1>
        {expired && (
          <p className="notice" role="status">
            Your session has ended. Log in again — what you were typing is kept.
          </p>
        )}
        {mode === 'login' ? (
          <>
            {field('login', 'Username or email', 'text', 'username')}
            {field('password', 'Password', 'password', 'current-password')}
          </>
        ) : (
          <>
            {field('username', 'Username', 'text', 'username', '3–32 characters: a–z, 0–9, _ . -')}
            {field('displayName', 'Display name (optional)', 'text', 'name')}
            {field('email', 'Email', 'email', 'email')}
            {field('password', 'Password', 'password', 'new-password', 'At least 8 characters')}
          </>
        )}
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'login' ? 'Log in' : 'Create account'}
        </button>
        <p className="switch">
          {mode === 'login' ? 'New here?' : 'Already have an account?'}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setMode(mode === 'login' ? 'register' : 'login');
              setErrors({});
              setFormError(null);
            }}
          >
            {mode === 'login' ? 'Create an account' : 'Log in'}
          </button>
        </p>
      </form>
    </Shell>
  );
}
