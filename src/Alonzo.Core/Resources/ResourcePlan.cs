#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace Alonzo.Resources
{
    /// <summary>What a plan does to its resource as a whole.</summary>
    public enum PlanAction
    {
        /// <summary>The resource already matches: applying makes no mutating call.</summary>
        None,
        Create,
        Update,
        /// <summary>Deleted and created again (a setting that cannot change in place).</summary>
        Replace,
        Remove,
    }

    /// <summary>
    /// The one plan type of the engine: which resource, what happens to it, and each change as
    /// data. Made from read calls only; <c>ApplyAsync</c> of the resource's operations carries it
    /// out. References to resources that other plans create are resolved at apply.
    /// </summary>
    public sealed class ResourcePlan
    {
        private readonly List<ResourceChange> _changes = new List<ResourceChange>();

        public ResourcePlan(ResourceKey key, PlanAction action)
        {
            Key = key ?? throw new ArgumentNullException(nameof(key));
            Action = action;
        }

        public ResourceKey Key { get; }
        public ResourceKind Kind => Key.Kind;
        public string Name => Key.Name;
        public PlanAction Action { get; internal set; }
        public IReadOnlyList<ResourceChange> Changes => _changes;
        /// <summary>Resources this one needs (its role, its stream): they are applied first.</summary>
        public IReadOnlyList<ResourceKey> DependsOn => DependencyList;
        /// <summary>The resource as read when planning (an AlonzoStream, AlonzoRole, ...), or null when it does not exist.</summary>
        public object? Current { get; internal set; }
        /// <summary>The resource as it is after apply; null until then.</summary>
        public object? Result { get; internal set; }
        public bool IsEmpty => Action == PlanAction.None;
        /// <summary>Changes of this kind can be approved one by one (a role's policies); otherwise the plan is approved whole.</summary>
        public bool ApprovedPerChange { get; internal set; }

        internal List<ResourceKey> DependencyList { get; } = new List<ResourceKey>();
        /// <summary>Per kind: what apply needs that the changes do not carry.</summary>
        internal object? State { get; set; }

        public ResourceChange Add(ResourceChange change)
        {
            _changes.Add(change);
            return change;
        }

        internal ResourceChange Set(string path, object? before, object? after, bool sensitive = false, string? summary = null, string? done = null) =>
            Add(new ResourceChange(Key, ChangeOperation.Set, path, before, after, null, sensitive, summary, done));

        /// <summary>A property of a resource being created: a change from nothing, carried out by the Create.</summary>
        internal ResourceChange Property(string path, object? after, bool sensitive = false, string? summary = null)
        {
            var change = Set(path, null, after, sensitive, summary ?? $"{path} = {(sensitive ? ResourceChange.Hidden : ResourceChange.Show(after))}");
            change.IsPartOfCreate = true;
            return change;
        }

        internal void DependOn(ResourceKey key)
        {
            if (!DependencyList.Contains(key)) DependencyList.Add(key);
        }

        /// <summary>A plan with an action but no change to show is given one line for the action.</summary>
        public IEnumerable<string> Describe()
        {
            if (Action == PlanAction.None) return Array.Empty<string>();
            return _changes.Select(c => c.Summary);
        }

        /// <summary>One line: "Update Function alonzo: MemorySize 128 -> 256; Timeout 3 -> 30".</summary>
        public override string ToString() =>
            Action == PlanAction.None ? $"{Key}: no change" : $"{Action} {Key}: {string.Join("; ", Describe())}";
    }
}
