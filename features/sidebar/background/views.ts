/**
 * What crosses to the sidebar: the API's records reduced to the fields the views show, as plain strings.
 * Custom field values of any type become text here, once, so views never guess at shapes.
 */
import {
  type Appointment,
  type Contact,
  contactDisplayName,
  type Note,
  type Task,
} from '../../../lib/api/schemas';
import type { AppointmentView, ContactView, NoteView, TaskView } from '../protocol';

function customValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(customValue).join(', ');
  return JSON.stringify(value);
}

export function contactView(contact: Contact, locationId: string): ContactView {
  return {
    id: contact.id,
    locationId: contact.locationId ?? locationId,
    name: contactDisplayName(contact),
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    companyName: contact.companyName,
    businessId: contact.businessId,
    tags: contact.tags ?? [],
    source: contact.source,
    assignedTo: contact.assignedTo,
    dnd: contact.dnd,
    dateAdded: contact.dateAdded,
    lastActivity: contact.lastActivity ?? contact.dateUpdated,
    customFields: (contact.customFields ?? []).map((field) => ({
      id: field.id,
      value: customValue(field.value),
    })),
  };
}

export function taskView(task: Task): TaskView {
  return {
    id: task.id,
    title: task.title,
    body: task.body,
    dueDate: task.dueDate,
    completed: task.completed,
    assignedTo: task.assignedTo,
  };
}

export function noteView(note: Note): NoteView {
  return { id: note.id, body: note.body, dateAdded: note.dateAdded };
}

export function appointmentView(appointment: Appointment): AppointmentView {
  return {
    id: appointment.id,
    title: appointment.title,
    startTime: appointment.startTime,
    endTime: appointment.endTime,
    status: appointment.appointmentStatus ?? appointment.status,
  };
}
