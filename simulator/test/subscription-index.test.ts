// The id index behind findSubscription and findOperation (Get Operation runs on every webhook's path).
import { describe, expect, it } from "vitest";
import { findById } from "../core/subscription-index";

const record = (id: string, label: string) => ({ id, label });

describe("findById", () => {
  it("finds records case-insensitively, including those appended after the first lookup", () => {
    const list = [record("AAAA-1", "first")];
    expect(findById(list, "aaaa-1")?.label).toBe("first");
    list.push(record("bbbb-2", "second"));
    expect(findById(list, "BBBB-2")?.label).toBe("second");
    expect(findById(list, "cccc-3")).toBeUndefined();
  });

  it("keeps one index per list: a replaced list (a reset) is indexed anew", () => {
    const before = [record("aaaa-1", "old")];
    expect(findById(before, "aaaa-1")?.label).toBe("old");
    const after = [record("dddd-4", "new")];
    expect(findById(after, "aaaa-1")).toBeUndefined();
    expect(findById(after, "dddd-4")?.label).toBe("new");
  });

  it("still answers right when the list was changed in place (re-indexes)", () => {
    const list = [record("aaaa-1", "a"), record("bbbb-2", "b")];
    expect(findById(list, "bbbb-2")?.label).toBe("b");
    list.reverse();
    expect(findById(list, "bbbb-2")?.label).toBe("b");
    expect(findById(list, "aaaa-1")?.label).toBe("a");
    list.pop();
    expect(findById(list, "aaaa-1")).toBeUndefined();
    expect(findById(list, "bbbb-2")?.label).toBe("b");
  });
});
