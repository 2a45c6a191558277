// Checks run in the browser before the editor saves an entry: the ones that need no other
// file (required fields, what each status requires, the body's sections, placeholders left,
// dates in order, the entry's id). `lessons-kb check` on the pull request runs them all.
(() => {
  const RULES = __RULES__;

  const empty = (value) =>
    value === undefined || value === null || value === '' ||
    (Array.isArray(value) && value.length === 0);

  const statusMatches = (condition, status) => {
    const test = condition?.properties?.status ?? {};
    return Array.isArray(test.enum) ? test.enum.includes(status) : test.const === status;
  };

  const words = (name) => name.replaceAll('_', ' ');

  const problemsOf = (kind, data, slug) => {
    const rules = RULES.kinds[kind];
    const found = [];
    for (const name of rules.required) {
      if (name !== 'body' && empty(data[name])) found.push(`${words(name)} is required`);
    }
    for (const rule of rules.byStatus) {
      if (!statusMatches(rule.if, data.status)) continue;
      for (const name of rule.then.required ?? []) {
        const value = data[name];
        if (empty(value)) {
          found.push(`a ${kind} with the status ${data.status} needs ${words(name)}`);
          continue;
        }
        const wanted = rule.then.properties?.[name]?.contains?.required ?? [];
        for (const key of wanted) {
          if (!value.some((item) => !empty(item?.[key]))) {
            found.push(
              `a ${kind} with the status ${data.status} needs one of its ${words(name)} with its ${key}`,
            );
          }
        }
      }
    }
    if (kind === 'mission' && data.start && data.end && String(data.end) < String(data.start)) {
      found.push('the last day (end) is before the first day (start)');
    }
    const body = String(data.body ?? '');
    for (const section of rules.sections) {
      const heading = new RegExp(`^##[ \\t]+${section}[ \\t#]*$`, 'mi');
      if (!heading.test(body)) found.push(`the text needs a “${section}” heading (## ${section})`);
    }
    const todo = JSON.stringify(data).includes('TODO:');
    if (todo) found.push('replace every “TODO:” with what it asks for');
    if (slug && !new RegExp(rules.id).test(slug)) {
      found.push(`the id “${slug}” may use only lowercase letters, digits and single hyphens`);
    }
    return found;
  };

  const kindOf = (collection) =>
    collection === 'missions' ? 'mission' : collection === 'lessons' ? 'lesson' : 'finding';

  window.CMS.registerEventListener({
    name: 'preSave',
    handler: ({ entry }) => {
      const data = entry.get('data').toJS();
      const problems = problemsOf(kindOf(entry.get('collection')), data, entry.get('slug'));
      if (problems.length) {
        throw new Error(`Not saved: ${problems.join('; ')}.`);
      }
      // Nothing returned: the entry is saved as the form holds it.
    },
  });
})();
