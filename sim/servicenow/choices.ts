/**
 * Out-of-box choice lists (ServiceNow docs on the incident, problem and change state models), seeded into sys_choice. Lists defined on `task` are inherited by every
 * task table that does not define its own (so change_task.state shows the task labels), and reading a row
 * through the `task` view uses only the task-level lists: an incident in state 6 reads as "6" there,
 * which is the trap lib/background/search-service.ts works around.
 */

export interface ChoiceDef {
  name: string;
  element: string;
  value: string;
  label: string;
  inactive?: boolean;
}

type Pairs = ReadonlyArray<readonly [string, string]>;

const TASK_STATE: Pairs = [
  ['-5', 'Pending'],
  ['1', 'Open'],
  ['2', 'Work in Progress'],
  ['3', 'Closed Complete'],
  ['4', 'Closed Incomplete'],
  ['7', 'Closed Skipped'],
];
const INCIDENT_STATE: Pairs = [
  ['1', 'New'],
  ['2', 'In Progress'],
  ['3', 'On Hold'],
  ['6', 'Resolved'],
  ['7', 'Closed'],
  ['8', 'Canceled'],
];
const IMPACT: Pairs = [
  ['1', '1 - High'],
  ['2', '2 - Medium'],
  ['3', '3 - Low'],
];

const LISTS: Record<string, Record<string, Pairs>> = {
  task: {
    state: TASK_STATE,
    priority: [
      ['1', '1 - Critical'],
      ['2', '2 - High'],
      ['3', '3 - Moderate'],
      ['4', '4 - Low'],
      ['5', '5 - Planning'],
    ],
    impact: IMPACT,
    urgency: IMPACT,
    approval: [
      ['not requested', 'Not Yet Requested'],
      ['requested', 'Requested'],
      ['approved', 'Approved'],
      ['rejected', 'Rejected'],
    ],
    sys_class_name: [
      ['task', 'Task'],
      ['incident', 'Incident'],
      ['problem', 'Problem'],
      ['problem_task', 'Problem Task'],
      ['change_request', 'Change Request'],
      ['change_task', 'Change Task'],
      ['sc_request', 'Request'],
      ['sc_req_item', 'Requested Item'],
      ['sc_task', 'Catalog Task'],
    ],
  },
  incident: {
    state: INCIDENT_STATE,
    incident_state: INCIDENT_STATE,
    hold_reason: [
      ['1', 'Awaiting Caller'],
      ['3', 'Awaiting Problem'],
      ['4', 'Awaiting Vendor'],
      ['5', 'Awaiting Change'],
    ],
    category: [
      ['inquiry', 'Inquiry / Help'],
      ['software', 'Software'],
      ['hardware', 'Hardware'],
      ['network', 'Network'],
      ['database', 'Database'],
    ],
    contact_type: [
      ['email', 'Email'],
      ['phone', 'Phone'],
      ['self-service', 'Self-service'],
      ['walk-in', 'Walk-in'],
    ],
    close_code: [
      ['Solved (Work Around)', 'Solved (Work Around)'],
      ['Solved (Permanently)', 'Solved (Permanently)'],
      ['Not Solved (Not Reproducible)', 'Not Solved (Not Reproducible)'],
      ['Closed/Resolved by Caller', 'Closed/Resolved by Caller'],
    ],
  },
  problem: {
    state: [
      ['101', 'New'],
      ['102', 'Assess'],
      ['103', 'Root Cause Analysis'],
      ['104', 'Fix in Progress'],
      ['106', 'Resolved'],
      ['107', 'Closed'],
    ],
  },
  problem_task: {
    state: [
      ['151', 'New'],
      ['152', 'Assess'],
      ['154', 'Work in Progress'],
      ['157', 'Closed'],
    ],
    problem_task_type: [
      ['general', 'General'],
      ['rca', 'Root Cause Analysis'],
    ],
  },
  change_request: {
    state: [
      ['-5', 'New'],
      ['-4', 'Assess'],
      ['-3', 'Authorize'],
      ['-2', 'Scheduled'],
      ['-1', 'Implement'],
      ['0', 'Review'],
      ['3', 'Closed'],
      ['4', 'Canceled'],
    ],
    type: [
      ['standard', 'Standard'],
      ['normal', 'Normal'],
      ['emergency', 'Emergency'],
    ],
    risk: [
      ['1', 'Very High'],
      ['2', 'High'],
      ['3', 'Moderate'],
      ['4', 'Low'],
    ],
  },
  change_task: {
    change_task_type: [
      ['planning', 'Planning'],
      ['implementation', 'Implementation'],
      ['testing', 'Testing'],
      ['review', 'Review'],
    ],
  },
  sc_request: {
    request_state: [
      ['requested', 'Pending Approval'],
      ['in_process', 'Approved'],
      ['closed_complete', 'Closed Complete'],
      ['closed_incomplete', 'Closed Incomplete'],
      ['closed_cancelled', 'Closed Cancelled'],
      ['closed_rejected', 'Closed Rejected'],
    ],
  },
  sc_req_item: {
    stage: [
      ['waiting_for_approval', 'Waiting for Approval'],
      ['request_approved', 'Request Approved'],
      ['fulfillment', 'Fulfillment'],
      ['delivery', 'Delivery'],
      ['complete', 'Completed'],
      ['Request Cancelled', 'Request Cancelled'],
    ],
  },
  kb_knowledge: {
    workflow_state: [
      ['draft', 'Draft'],
      ['review', 'Review'],
      ['published', 'Published'],
      ['pending_retirement', 'Pending Retirement'],
      ['retired', 'Retired'],
      ['outdated', 'Outdated'],
    ],
    article_type: [
      ['html', 'HTML'],
      ['wiki', 'Wiki'],
    ],
  },
  cmdb_ci: {
    operational_status: [
      ['1', 'Operational'],
      ['2', 'Non-Operational'],
      ['3', 'Repair in Progress'],
      ['6', 'Retired'],
    ],
  },
};

/** one retired choice, so `inactive=false` in a choice query has something to filter out */
const INACTIVE: ChoiceDef[] = [{ name: 'incident', element: 'contact_type', value: 'virtual_agent', label: 'Virtual Agent', inactive: true }];

export const CHOICES: readonly ChoiceDef[] = [
  ...Object.entries(LISTS).flatMap(([name, fields]) =>
    Object.entries(fields).flatMap(([element, pairs]) => pairs.map(([value, label]) => ({ name, element, value, label }))),
  ),
  ...INACTIVE,
];

/** Approval states (ServiceNow docs, "Approvals": Not Yet Requested, Requested, Approved, Rejected; workflows add the rest). */
export const APPROVAL_STATES: Pairs = [
  ['not requested', 'Not Yet Requested'],
  ['requested', 'Requested'],
  ['approved', 'Approved'],
  ['rejected', 'Rejected'],
  ['cancelled', 'Cancelled'],
  ['not_required', 'No Longer Required'],
];

/** A second language's labels for one list: a choice query without `language=` gets each value twice. */
export const GERMAN_INCIDENT_STATE: Pairs = [
  ['1', 'Neu'],
  ['2', 'In Bearbeitung'],
  ['3', 'Zurückgestellt'],
  ['6', 'Gelöst'],
  ['7', 'Geschlossen'],
  ['8', 'Abgebrochen'],
];
