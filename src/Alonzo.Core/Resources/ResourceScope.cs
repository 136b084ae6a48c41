#nullable enable
using System;
using System.Collections.Generic;
using Alonzo.Waiting;

namespace Alonzo.Resources
{
    /// <summary>
    /// A value that another resource's apply produces (a role's ARN, a stream's ARN). Known now
    /// when the resource exists; otherwise pending until the plan that creates it is applied.
    /// </summary>
    public sealed class ResourceReference
    {
        private ResourceReference(ResourceKey target, string attribute, string? value)
        {
            Target = target;
            Attribute = attribute;
            Value = value;
        }

        public ResourceKey Target { get; }
        public string Attribute { get; }
        /// <summary>Null while pending.</summary>
        public string? Value { get; }
        public bool IsKnown => Value != null;

        public static ResourceReference Known(ResourceKey target, string attribute, string value) =>
            new ResourceReference(target, attribute, value ?? throw new ArgumentNullException(nameof(value)));

        public static ResourceReference Pending(ResourceKey target, string attribute) => new ResourceReference(target, attribute, null);

        public override string ToString() => Value ?? $"(known after apply: {Target} {Attribute})";
    }

    /// <summary>
    /// What one plan-and-apply run knows beyond a single resource: the plans made so far (so a
    /// function can depend on a role that is only planned), the results of the plans applied so far
    /// (to resolve pending references), which changes were approved, and where progress goes.
    /// A single cmdlet uses an empty scope, so a missing dependency is an error there.
    /// </summary>
    public sealed class ResourceScope
    {
        private readonly Dictionary<ResourceKey, ResourcePlan> _planned = new Dictionary<ResourceKey, ResourcePlan>();
        private readonly Dictionary<ResourceKey, Func<string, string?>> _resolved = new Dictionary<ResourceKey, Func<string, string?>>();

        public IProgress<WaitProgress>? Progress { get; set; }
        /// <summary>Which changes may be applied; null approves all. Identities are values, so a re-plan keeps its approvals.</summary>
        public Func<ChangeId, bool>? Approve { get; set; }
        /// <summary>Allows changes that lose something (a mapping replaced to change its starting position).</summary>
        public bool Force { get; set; }

        public bool IsApproved(ResourceChange change) => Approve == null || Approve(change.Id);

        /// <summary>Records a plan so later plans can refer to what it will create.</summary>
        public void AddPlan(ResourcePlan plan) => _planned[plan.Key] = plan;

        /// <summary>The plan made for a resource in this scope, or null.</summary>
        public ResourcePlan? PlanFor(ResourceKey key) => _planned.TryGetValue(key, out var plan) ? plan : null;

        /// <summary>True when a plan in this scope will create the resource.</summary>
        public bool WillCreate(ResourceKey key) =>
            _planned.TryGetValue(key, out var plan) && (plan.Action == PlanAction.Create || plan.Action == PlanAction.Replace);

        /// <summary>Records an applied resource's attributes (Arn and the like) for pending references.</summary>
        public void AddResult(ResourceKey key, Func<string, string?> attributes) => _resolved[key] = attributes;

        /// <summary>The value of a reference: known, or produced by an apply earlier in this scope.</summary>
        public string Resolve(ResourceReference reference)
        {
            if (reference.IsKnown) return reference.Value!;
            if (_resolved.TryGetValue(reference.Target, out var attributes))
            {
                var value = attributes(reference.Attribute);
                if (value != null) return value;
            }
            throw new AlonzoOperationException("UnresolvedReference", FailureKind.InvalidOperation,
                $"{reference.Target} has not been created yet, so its {reference.Attribute} is not known.",
                "Apply the plans in dependency order (the plan's DependsOn lists what must come first).");
        }
    }
}
