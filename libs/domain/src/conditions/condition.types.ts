import type { ConditionCategory, ConditionStatus } from './condition.rules.js';

export interface CreateConditionInput {
  title: string;
  description?: string | null;
  category: ConditionCategory;
  holdsPayments: boolean;
  dueDate?: string | null;
}

/** Evidence for met, reason for waive, explanation for breach. */
export interface ResolveConditionInput {
  note: string;
}

export interface ConditionQuery {
  status?: ConditionStatus;
}

export interface ConditionView {
  id: string;
  awardId: string;
  title: string;
  description: string | null;
  category: ConditionCategory;
  holdsPayments: boolean;
  dueDate: string | null;
  status: ConditionStatus;
  note: string | null;
  resolvedByUserId: string | null;
  resolvedAt: Date | null;
  templateId: string | null;
  createdByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateConditionTemplateInput {
  title: string;
  description?: string | null;
  category: ConditionCategory;
  holdsPayments: boolean;
  /** Calendar days after the award's start date; no due date when absent. */
  dueDaysAfterStart?: number | null;
}

export interface ConditionTemplateView {
  id: string;
  fundingStreamId: string;
  title: string;
  description: string | null;
  category: ConditionCategory;
  holdsPayments: boolean;
  dueDaysAfterStart: number | null;
  createdByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An open or breached condition that holds payments, as a payment refusal names it (409 PAYMENT_HELD). */
export interface HoldingCondition {
  id: string;
  title: string;
  dueDate: string | null;
  status: 'open' | 'breached';
}
