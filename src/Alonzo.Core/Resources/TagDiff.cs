#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace Alonzo.Resources
{
    /// <summary>Tags are only ever added or updated by a converge: what the spec has that the resource lacks or holds with another value.</summary>
    public static class TagDiff
    {
        /// <summary>The tags to set, sorted by key; empty when the resource has them all.</summary>
        public static SortedDictionary<string, string> Missing(IDictionary<string, string>? current, IDictionary<string, string>? wanted)
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (wanted == null) return result;
            foreach (var tag in wanted)
            {
                string value = tag.Value ?? "";
                if (current == null || !current.TryGetValue(tag.Key, out var have) || !string.Equals(have ?? "", value, StringComparison.Ordinal))
                    result[tag.Key] = value;
            }
            return result;
        }

        /// <summary>The change for a tag update: Tags before (only the keys that change) and after.</summary>
        internal static ResourceChange? Plan(ResourcePlan plan, IDictionary<string, string>? current, IDictionary<string, string>? wanted,
            Func<SortedDictionary<string, string>, string>? summary = null, Func<SortedDictionary<string, string>, string>? done = null)
        {
            var missing = Missing(current, wanted);
            if (missing.Count == 0) return null;
            var before = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (current != null)
                foreach (var key in missing.Keys)
                    if (current.TryGetValue(key, out var v)) before[key] = v;
            var change = plan.Set("Tags", before, missing, false, summary?.Invoke(missing), done?.Invoke(missing));
            change.Payload = missing;
            return change;
        }
    }
}
