import { formatDateTime, t } from '../../../lib/ui/i18n';
import type { AppointmentView } from '../protocol';

export function splitAppointments(appointments: AppointmentView[], now = Date.now()) {
  const upcoming: AppointmentView[] = [];
  const past: AppointmentView[] = [];
  for (const appointment of appointments) {
    const start = appointment.startTime ? Date.parse(appointment.startTime) : Number.NaN;
    (Number.isNaN(start) || start >= now ? upcoming : past).push(appointment);
  }
  upcoming.sort((a, b) => (a.startTime ?? '').localeCompare(b.startTime ?? ''));
  past.sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''));
  return { upcoming, past };
}

function AppointmentItem({ appointment }: { appointment: AppointmentView }) {
  return (
    <li class="hls-appointment" data-appointment-id={appointment.id}>
      <span class="hls-appointment-title">{appointment.title || '—'}</span>
      {appointment.startTime ? (
        <time class="hls-appointment-time">{formatDateTime(appointment.startTime)}</time>
      ) : null}
      {appointment.status ? (
        <span class={`hls-badge hls-status-${appointment.status.replace(/[^a-z]/gi, '')}`}>
          {appointment.status}
        </span>
      ) : null}
    </li>
  );
}

export function AppointmentList({ appointments }: { appointments: AppointmentView[] }) {
  const { upcoming, past } = splitAppointments(appointments);
  return (
    <div class="hls-appointments">
      {upcoming.length ? (
        <div data-group="upcoming">
          <h3 class="hls-group-title">{t('appointments_upcoming')}</h3>
          <ul class="hls-list">
            {upcoming.map((a) => (
              <AppointmentItem key={a.id} appointment={a} />
            ))}
          </ul>
        </div>
      ) : null}
      {past.length ? (
        <div data-group="past">
          <h3 class="hls-group-title">{t('appointments_past')}</h3>
          <ul class="hls-list">
            {past.map((a) => (
              <AppointmentItem key={a.id} appointment={a} />
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
