using System;
using System.Collections.Generic;
using Alonzo.Aws.Iam;

namespace Alonzo.Roles
{
    /// <summary>The IAM call a role change makes.</summary>
    internal enum RoleStep
    {
        CreateRole,
        UpdateTrustPolicy,
        AttachPolicy,
        PutInlinePolicy,
        DetachPolicy,
        DeleteInlinePolicy,
        RemoveFromInstanceProfile,
        UpdateDescription,
        TagRole,
        DeleteRole,
    }

    /// <summary>What applying one role change needs besides its path and values.</summary>
    internal sealed class RoleCall
    {
        public RoleCall(RoleStep step) { Step = step; }
        public RoleStep Step { get; }
        /// <summary>The policy to put or the trust policy to set.</summary>
        public PolicyDocument Document { get; set; }
        /// <summary>Tags to add or update.</summary>
        public List<Tag> Tags { get; set; }
    }

    /// <summary>The role as read when planning, kept for apply.</summary>
    internal sealed class RoleState
    {
        public RoleState(RoleSpec spec) { Spec = spec; }
        public RoleSpec Spec { get; }
        /// <summary>The role as read, or null when it does not exist yet.</summary>
        public Role Existing { get; set; }
        public List<string> AttachedArns { get; set; } = new List<string>();
        public List<string> InlineNames { get; set; } = new List<string>();
        public Dictionary<string, string> CurrentTags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
