/** Word lists the seed draws from, so generated records read like a real IT service desk's. */

export const FIRST_NAMES = [
  'Aileen', 'Bud', 'Carol', 'Don', 'Fred', 'Jerrod', 'Luke', 'Lucius', 'Margaret', 'Rick', 'Charlie', 'Bow',
  'Christen', 'Darin', 'Elisa', 'Fausto', 'Gail', 'Howard', 'Irene', 'Jimmie', 'Krystle', 'Lionel', 'Mayme',
  'Naomi', 'Odell', 'Priya', 'Quentin', 'Rosa', 'Sanjay', 'Tamika', 'Umar', 'Vera', 'Wen', 'Yusuf', 'Zoe',
] as const;

export const LAST_NAMES = [
  'Mottern', 'Richman', 'Coughlin', 'Goodliffe', 'Luddy', 'Bennett', 'Wilson', 'Ochoa', 'Grau', 'Phillips',
  'Whitherspoon', 'Ruggerio', 'Koper', 'Kaskey', 'Yohe', 'Bolten', 'Seward', 'Hafner', 'Kasprzak', 'Loar',
  'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rahman', 'Silva', 'Tanaka', 'Ulrich', 'Varga', 'Weiss',
] as const;

export const TITLES = ['Analyst', 'Engineer', 'Accountant', 'Sales Manager', 'Designer', 'Recruiter', 'Developer'] as const;

/** incident short descriptions by category */
export const INCIDENT_TEXT: Record<string, readonly string[]> = {
  inquiry: [
    'How do I request access to the shared finance drive?',
    'Need help configuring out-of-office reply',
    'Question about the new expense policy tool',
    'Where can I find the VPN setup guide?',
  ],
  software: [
    'Outlook crashes when opening attachments',
    'Excel macros disabled after update',
    'Cannot install Adobe Reader on laptop',
    'Teams meeting audio keeps cutting out',
    'SAP login fails with error 403',
    'Browser shows certificate warning on intranet',
    'Password reset link expired',
  ],
  hardware: [
    'Laptop battery drains within an hour',
    'Printer on floor 3 jams on every job',
    'Docking station not detecting second monitor',
    'Keyboard keys sticking after coffee spill',
    'Replacement mouse needed',
    'Desk phone has no dial tone',
  ],
  network: [
    'VPN disconnects every few minutes',
    'Wi-Fi unavailable in building B conference rooms',
    'Slow network performance in the London office',
    'Cannot reach file server from branch office',
    'DNS resolution failing for internal hosts',
  ],
  database: [
    'Reporting database query timeouts',
    'Nightly ETL job failed with deadlock',
    'Oracle tablespace nearly full on FINPROD',
    'Replication lag on the CRM database',
  ],
};

export const PROBLEM_TEXT = [
  'Recurring VPN disconnects for remote users',
  'Intermittent printer queue failures',
  'Memory leak in the expense reporting service',
  'Slow logins on Monday mornings',
  'Database deadlocks during nightly batch',
  'Email delivery delays to external domains',
] as const;

export const CHANGE_TEXT = [
  'Upgrade core switch firmware',
  'Apply monthly Windows security patches',
  'Migrate file shares to new storage array',
  'Rotate TLS certificates on load balancers',
  'Increase tablespace on FINPROD',
  'Deploy new Wi-Fi access points in building B',
  'Decommission legacy FTP server',
] as const;

export const CHANGE_TASK_TEXT = ['Create rollback plan', 'Notify stakeholders', 'Implement change', 'Post-implementation test', 'Update CMDB'] as const;

export const PROBLEM_TASK_TEXT = ['Collect diagnostic logs', 'Identify root cause', 'Test workaround', 'Document known error'] as const;

export const CATALOG_ITEMS = [
  ['Standard Laptop', 'Standard business laptop with docking station', '1100.00'],
  ['Apple iPad 3', 'Tablet for field staff', '600.00'],
  ['Wireless Mouse', 'Ergonomic wireless mouse', '25.00'],
  ['Adobe Acrobat Pro', 'PDF editing licence', '180.00'],
  ['Access to shared drive', 'Read/write access to a department share', '0.00'],
  ['New Hire Bundle', 'Laptop, phone and accounts for a new starter', '2300.00'],
] as const;

export const SC_TASK_TEXT = ['Order hardware from vendor', 'Image laptop', 'Deliver to requester', 'Grant access', 'Create accounts'] as const;

export const KB_ARTICLES = [
  ['How to reset your password', 'Use the self-service password reset portal.'],
  ['Connecting to the corporate VPN', 'Install the VPN client and sign in with your network account.'],
  ['Setting up email on your mobile device', 'Open the mail app and add an Exchange account.'],
  ['Printer troubleshooting guide', 'Check the queue, restart the spooler, then power-cycle the printer.'],
  ['Requesting new software', 'Open the service catalog and choose Software.'],
  ['Working from home securely', 'Lock your screen and use the VPN for internal resources.'],
  ['Configuring multi-factor authentication', 'Register the authenticator app from the security page.'],
  ['Clearing the browser cache', 'Open the browser settings, then privacy, then clear browsing data.'],
  ['Booking a meeting room', 'Use the calendar room finder.'],
  ['Reporting a phishing email', 'Use the Report Phishing button in Outlook.'],
] as const;

export const HR_ARTICLES = [
  ['Parental leave policy', 'Employees are entitled to paid parental leave.'],
  ['Salary review process', 'Reviews happen each April.'],
  ['Grievance procedure', 'Raise concerns with HR in confidence.'],
] as const;

export const CI_NAMES = [
  ['EXCH-SRV-01', 'cmdb_ci_server'],
  ['EXCH-SRV-02', 'cmdb_ci_server'],
  ['FINPROD-DB', 'cmdb_ci_database'],
  ['CRM-DB-01', 'cmdb_ci_database'],
  ['CORE-SW-LON', 'cmdb_ci_ip_switch'],
  ['VPN-GW-01', 'cmdb_ci_ip_router'],
  ['PRN-FL3-01', 'cmdb_ci_printer'],
  ['SAP-APP-01', 'cmdb_ci_appl'],
  ['FILESRV-02', 'cmdb_ci_server'],
  ['WIFI-B-CTRL', 'cmdb_ci_ip_switch'],
  ['INTRANET-WEB', 'cmdb_ci_web_server'],
  ['ETL-BATCH-01', 'cmdb_ci_server'],
] as const;

export const GROUPS = [
  ['Service Desk', 'First-line support for all IT requests'],
  ['Network', 'Network infrastructure and VPN'],
  ['Database', 'Database administration'],
  ['Hardware', 'Desktop and peripheral support'],
  ['Software', 'Application support'],
  ['Change Management', 'Change advisory board'],
  ['Catalog Fulfillment', 'Fulfils service catalog requests'],
] as const;

export const WORK_NOTES = [
  'Checked the logs, no errors on the server side.',
  'Escalating to second line.',
  'Remote session scheduled with the caller.',
  'Vendor ticket opened, awaiting response.',
  'Applied workaround, monitoring.',
] as const;

export const COMMENTS = [
  'Any update on this?',
  'It happened again this morning.',
  'Thanks, that fixed it.',
  'I will be out of office until Monday.',
] as const;
