// Least privilege, checked on the built manifests: what each browser gets asked for at install.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const read = (dir) => JSON.parse(readFileSync(`.output/${dir}/manifest.json`, 'utf8'));
const checks = {
  'chrome-mv3': (m) => {
    assert.equal(m.manifest_version, 3);
    assert.deepEqual(m.host_permissions, ['https://*.service-now.com/*'], 'only the ServiceNow SaaS domain at install');
    assert.ok(m.optional_host_permissions.includes('https://*/*'), 'other sites are optional');
    assert.ok(m.key, 'a fixed key keeps the extension id (and OAuth redirect URL) stable');
    assert.equal(m.content_scripts, undefined, 'content scripts are registered at runtime only');
    assert.equal(m.browser_specific_settings, undefined);
  },
  'firefox-mv2': (m) => {
    assert.equal(m.manifest_version, 2);
    assert.ok(m.permissions.includes('https://*.service-now.com/*'));
    assert.ok(!m.permissions.includes('https://*/*'), 'no blanket host access at install');
    assert.ok(m.optional_permissions.includes('https://*/*'), 'optional host access survives the MV2 conversion');
    assert.ok(m.browser_specific_settings.gecko.id, 'a fixed gecko id');
    assert.deepEqual(m.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
    assert.equal(m.key, undefined);
    assert.equal(m.content_scripts, undefined);
  },
};
let failed = 0;
for (const [dir, check] of Object.entries(checks)) {
  try {
    check(read(dir));
    console.log(`ok   ${dir} manifest`);
  } catch (err) {
    failed++;
    console.error(`FAIL ${dir} manifest: ${err.message}`);
  }
}
process.exit(failed ? 1 : 0);
