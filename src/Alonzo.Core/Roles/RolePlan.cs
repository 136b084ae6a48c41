using System;
using System.Collections.Generic;
using Alonzo.Aws.Iam;

namespace Alonzo.Roles
{
    public enum RoleChangeKind
    {
        CreateRole,
        UpdateTrustPolicy,
        AttachPolicy,
        PutInlinePolicy,
        DetachPolicy,
        DeleteInlinePolicy,
        UpdateDescription,
        TagRole,
    }

    /// <summary>One mutating call the plan would make.</summary>
    public sealed class RoleChange
    {
        internal RoleChange(RoleChangeKind kind, string target, string action, string done)
        {
            Kind = kind;
            Target = target;
            Action = action;
            Done = done;
        }

        public RoleChangeKind Kind { get; }
        /// <summary>The policy ARN, inline policy name or role name the change is about.</summary>
        public string Target { get; }
        /// <summary>For confirmation prompts: "Attach managed policy arn:...".</summary>
        public string Action { get; }
        /// <summary>For the result and Verbose: "Attached arn:...".</summary>
        public string Done { get; }

        /// <summary>The policy to put or the trust policy to set.</summary>
        internal PolicyDocument Document { get; set; }
        /// <summary>Tags to add or update.</summary>
        internal List<Tag> Tags { get; set; }

        public override string ToString() => Action;
    }

    /// <summary>The difference between a role and its spec, read but not yet applied.</summary>
    public sealed class RolePlan
    {
        internal RolePlan(RoleSpec spec) { Spec = spec; }

        public RoleSpec Spec { get; }
        public string RoleName => Spec.Name;
        /// <summary>The role as read, or null when it does not exist yet.</summary>
        internal Role Existing { get; set; }
        public bool RoleExists => Existing != null;
        public IReadOnlyList<RoleChange> Changes => ChangeList;
        public bool IsUnchanged => ChangeList.Count == 0;

        internal List<RoleChange> ChangeList { get; } = new List<RoleChange>();
        internal List<string> AttachedArns { get; set; } = new List<string>();
        internal List<string> InlineNames { get; set; } = new List<string>();
        internal Dictionary<string, string> CurrentTags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
