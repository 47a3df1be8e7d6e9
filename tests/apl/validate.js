// Validate APL documents with Amazon's apl-suggester: prints {file: [problems]} as JSON.
// Usage: node validate.js NODE_MODULES_DIR FILE...
console.log = () => {}; // the validator logs its own chatter; only the JSON goes out
const path = require('path');
const fs = require('fs');
const { StaticAplTemplateValidator } = require(path.join(process.argv[2], 'apl-suggester'));

(async () => {
  const out = {};
  for (const file of process.argv.slice(3)) {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    out[file] = await new StaticAplTemplateValidator().validate(doc);
  }
  process.stdout.write(JSON.stringify(out));
})().catch((err) => { console.error(err); process.exit(1); });
