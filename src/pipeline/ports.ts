import type { Command } from '../domain/command.js';
import type { OperationEvent } from '../domain/operation-event.js';
import type { Action, OperationResource, RequestedBy, Target } from '../domain/operation.js';
import type { QueuedDelivery } from './delivery-message.js';

/** Puts commands on the `commands` queue; `messageId` defaults to the command id (duplicate detection). */
export interface CommandQueue {
  send(command: Command, options?: SendCommandOptions): Promise<void>;
}

export interface SendCommandOptions {
  /** Deliver no earlier than this (a retry after the service's Retry-After). */
  notBefore?: Date;
  /** Defaults to the command id; retries and recoveries use their own, so duplicate detection keeps them. */
  messageId?: string;
  /** 1 for the first try; carried as the `attempt` application property. */
  attempt?: number;
  /** How often this try was put back to wait (`rescheduleCommand`); the `waits` property when above 0. */
  waits?: number;
}

/**
 * Delivers each planned look at a running operation at its time: a scheduled message on the commands
 * queue, `messageId` = `{operationId}:look:{look}` so a repeated send of one look is dropped.
 */
export interface LookQueue {
  schedule(look: ScheduledLook): Promise<void>;
}

export interface ScheduledLook {
  operationId: string;
  /** The record's `polling.look` when the look was planned. */
  look: number;
  at: Date;
}

/** Publishes completion events on the `operation-events` topic, `messageId` = event id. */
export interface EventPublisher {
  publish(event: OperationEvent): Promise<void>;
}

/** Puts webhook deliveries (one event for one subscriber each) on the `deliveries` queue. */
export interface DeliveryQueue {
  send(deliveries: QueuedDelivery[]): Promise<void>;
}

/** Where pipeline steps write their progress: the Functions `InvocationContext` fits. */
export interface Log {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface SubmitCommandInput {
  /** Fixed id for the command (an idempotency key, or a deterministic id); a fresh UUID when absent. */
  id?: string;
  action: Action;
  target: Target;
  requestedBy: RequestedBy;
}

export interface SubmitResult {
  operation: OperationResource;
  /** False when the id was already known and the same request returned the existing operation. */
  created: boolean;
}

/**
 * Accepts a command: records the operation (`NotStarted`) and enqueues the command, exactly once per id.
 * Throws `RequestRefusedError` for an unknown resource, a target its kind refuses, or an id reused with a
 * different request.
 */
export type SubmitCommand = (input: SubmitCommandInput) => Promise<SubmitResult>;
