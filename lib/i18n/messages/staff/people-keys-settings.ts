/**
 * The client controls of the People, API keys and Settings pages (`staff.peopleKeysSettings`). The texts
 * the server actions return (problems) and the domain's labels (API scopes, buyer actors) stay where they are.
 */
export const staffPeopleKeysSettingsEn = {
  roles: {
    remove: "Remove {role}",
    make: "Make {role}",
  },
  revoke: {
    label: "Revoke {name}",
    button: "Revoke",
    warning: "Applications using it are refused from their next call.",
    confirm: "Yes, revoke {name}",
    cancel: "Cancel",
  },
  createKey: {
    created: "Key “{name}” created",
    copyNow:
      "Copy it now and keep it in your application's secret store: <strong>it is shown only this once</strong> (the portal keeps only a hash of it). Lost? Revoke it and create another.",
    keyLabel: "The new API key",
    title: "Create a key",
    name: "Name",
    namePlaceholder: "What uses it, e.g. billing service (production)",
    scopes: "Scopes: what the key may do",
    expires: "Expires",
    never: "Never",
    inDays: "{days, plural, =365 {In 1 year} other {In # days}}",
    creating: "Creating…",
    submit: "Create key",
  },
  selfService: {
    saved: "Saved: buyer self-service is {on, select, true {on} other {off}}.",
    checkbox: "Let buyers change their plan and seats, and cancel",
    who: "Who may act",
    applying: "Applying…",
    apply: "Apply buyer self-service",
  },
};
