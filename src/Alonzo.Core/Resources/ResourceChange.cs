#nullable enable
using System;
using System.Collections;
using System.Globalization;
using System.Linq;

namespace Alonzo.Resources
{
    /// <summary>What a change does at its path.</summary>
    public enum ChangeOperation
    {
        /// <summary>The resource itself is created (After holds what it is created with).</summary>
        Create,
        /// <summary>A setting goes from Before to After.</summary>
        Set,
        /// <summary>An item (Item) is added to the collection at Path.</summary>
        Add,
        /// <summary>An item (Item) is taken out of the collection at Path.</summary>
        Remove,
        /// <summary>The resource itself is deleted.</summary>
        Delete,
        /// <summary>A wait that a later step needs (a removal that must finish, for example).</summary>
        Wait,
    }

    /// <summary>
    /// The identity of a change as a value: resource, operation, path and item. A plan made again
    /// (because the account changed between plan and apply) has changes with the same identities
    /// for the same work, so an approval given for the first plan still selects them.
    /// </summary>
    public readonly struct ChangeId : IEquatable<ChangeId>
    {
        public ChangeId(ResourceKey resource, ChangeOperation operation, string path, string? item)
        {
            Resource = resource;
            Operation = operation;
            Path = path;
            Item = item;
        }

        public ResourceKey Resource { get; }
        public ChangeOperation Operation { get; }
        public string Path { get; }
        public string? Item { get; }

        public bool Equals(ChangeId other) =>
            Equals(Resource, other.Resource) && Operation == other.Operation &&
            string.Equals(Path, other.Path, StringComparison.Ordinal) && string.Equals(Item, other.Item, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is ChangeId other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                int h = Resource?.GetHashCode() ?? 0;
                h = h * 31 + (int)Operation;
                h = h * 31 + StringComparer.Ordinal.GetHashCode(Path ?? "");
                return h * 31 + (Item == null ? 0 : StringComparer.Ordinal.GetHashCode(Item));
            }
        }

        public override string ToString() => $"{Resource} {Operation} {Path}{(Item == null ? "" : "[" + Item + "]")}";
    }

    /// <summary>
    /// One structured change of a plan: a path in the resource, its value before and after, and
    /// whether the values are secret. Sensitive values never leave the engine: Before and After
    /// show <see cref="Hidden"/>, and the descriptions name the path only.
    /// </summary>
    public sealed class ResourceChange
    {
        public const string Hidden = "(sensitive)";
        private readonly object? _before;
        private readonly object? _after;

        public ResourceChange(ResourceKey resource, ChangeOperation operation, string path, object? before, object? after,
            string? item = null, bool sensitive = false, string? summary = null, string? done = null)
        {
            Resource = resource ?? throw new ArgumentNullException(nameof(resource));
            Operation = operation;
            Path = path ?? "";
            Item = item;
            _before = before;
            _after = after;
            Sensitive = sensitive;
            Summary = summary ?? DefaultSummary();
            Done = done ?? Summary;
        }

        public ResourceKey Resource { get; }
        public ChangeOperation Operation { get; }
        /// <summary>The setting, for example MemorySize, Environment or ManagedPolicyArns; empty for the resource itself.</summary>
        public string Path { get; }
        /// <summary>For Add and Remove: the item of the collection (a policy ARN, an inline policy's name).</summary>
        public string? Item { get; }
        public bool Sensitive { get; }
        public object? Before => Sensitive && _before != null ? Hidden : _before;
        public object? After => Sensitive && _after != null ? Hidden : _after;
        /// <summary>What the change will do, in the present tense (-WhatIf, confirmation prompts, plans).</summary>
        public string Summary { get; }
        /// <summary>What the change did, in the past tense (Verbose, the output's Changes).</summary>
        public string Done { get; }
        public ChangeId Id => new ChangeId(Resource, Operation, Path, Item);
        /// <summary>A property the resource is created with: shown in the plan, carried out by its Create change (not approved on its own).</summary>
        public bool IsPartOfCreate { get; internal set; }

        /// <summary>The real values, for the engine's apply only.</summary>
        internal object? RawBefore => _before;
        internal object? RawAfter => _after;
        /// <summary>What the apply step needs beyond the values (a request, a document), per kind.</summary>
        internal object? Payload { get; set; }

        public override string ToString() => Summary;

        private string DefaultSummary()
        {
            switch (Operation)
            {
                case ChangeOperation.Create: return $"Create {Resource}";
                case ChangeOperation.Delete: return $"Delete {Resource}";
                case ChangeOperation.Wait: return $"Wait for {Resource} {Path}";
                case ChangeOperation.Add: return $"{Path} + {Item}";
                case ChangeOperation.Remove: return $"{Path} - {Item}";
                default:
                    return Sensitive ? $"{Path} changed (value not shown)" : $"{Path} {Show(_before)} -> {Show(_after)}";
            }
        }

        /// <summary>How a value reads in a change line: "(none)" for nothing, lists joined, dates in ISO form.</summary>
        public static string Show(object? value)
        {
            switch (value)
            {
                case null: return "(none)";
                case string s: return s.Length == 0 ? "(none)" : s;
                case bool b: return b ? "true" : "false";
                case DateTime d: return d.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                case IDictionary map:
                    return map.Count == 0 ? "(none)" : string.Join(", ", map.Keys.Cast<object>().Select(k => $"{k}={map[k]}").OrderBy(x => x, StringComparer.Ordinal));
                case IEnumerable list:
                    var items = list.Cast<object>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)).ToList();
                    return items.Count == 0 ? "(none)" : string.Join(", ", items);
                case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
                default: return value.ToString() ?? "";
            }
        }
    }
}
