using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Iam;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;
using Alonzo.Validation;

namespace Alonzo.Roles
{
    /// <summary>
    /// The IAM role lifecycle: converge a role to a spec (create, attach, put, update trust, tag; with
    /// Exact also detach and delete), read, resolve a name or ARN, and delete with everything attached.
    /// Converging reads first and writes only differences, so an unchanged role costs no mutating call.
    /// </summary>
    public sealed class RoleOperations
    {
        // IAM is eventually consistent: a role just created can be missing for a moment to the next call.
        private static readonly TimeSpan[] NewRoleRetryDelays =
        {
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4),
        };

        private readonly AlonzoContext _context;

        public RoleOperations(AlonzoContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>Messages for Verbose: what was decided and done.</summary>
        public event Action<string> Info;
        /// <summary>Things the user should know that are not errors.</summary>
        public event Action<string> Warning;

        /// <summary>Delays between retries of calls on a just-created role; tests shorten them.</summary>
        public IReadOnlyList<TimeSpan> EventualConsistencyDelays { get; set; } = NewRoleRetryDelays;

        private IIamClient Iam => _context.Iam;

        // ------------------------------------------------------------------ converge

        /// <summary>Creates or converges the role and returns it with <see cref="AlonzoRole.Action"/> and <see cref="AlonzoRole.Changes"/>.</summary>
        public async Task<AlonzoRole> EnsureAsync(RoleSpec spec, CancellationToken cancellationToken)
        {
            var plan = await PlanAsync(spec, cancellationToken).ConfigureAwait(false);
            return await ApplyAsync(plan, null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Validates the spec, reads the role and works out the calls that would converge it, without
        /// changing anything. Managed policies to attach are checked to exist here, before anything is
        /// created (error id PolicyNotFound).
        /// </summary>
        public async Task<RolePlan> PlanAsync(RoleSpec spec, CancellationToken cancellationToken)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            spec.Validate();
            var plan = new RolePlan(spec) { Existing = await GetRoleOrNullAsync(spec.Name, cancellationToken).ConfigureAwait(false) };
            string name = spec.Name;

            if (plan.Existing == null)
            {
                Info?.Invoke($"Role '{name}' does not exist; it will be created.");
                await CheckPoliciesExistAsync(spec.PolicyArns, cancellationToken).ConfigureAwait(false);
                plan.ChangeList.Add(new RoleChange(RoleChangeKind.CreateRole, name,
                    $"Create IAM role trusted by {Describe(spec.TrustDocument)}",
                    $"Created role {name} trusted by {Describe(spec.TrustDocument)}") { Document = spec.TrustDocument });
                foreach (var arn in spec.PolicyArns)
                    plan.ChangeList.Add(new RoleChange(RoleChangeKind.AttachPolicy, arn, $"Attach managed policy {arn}", $"Attached {arn}"));
                foreach (var inline in spec.InlineDocuments)
                    plan.ChangeList.Add(new RoleChange(RoleChangeKind.PutInlinePolicy, inline.Key, $"Put inline policy '{inline.Key}'", $"Put inline policy {inline.Key}") { Document = inline.Value });
                return plan;
            }

            var role = plan.Existing;
            plan.AttachedArns = await ListAttachedPolicyArnsAsync(name, cancellationToken).ConfigureAwait(false);
            plan.InlineNames = await ListInlinePolicyNamesAsync(name, cancellationToken).ConfigureAwait(false);
            foreach (var tag in role.Tags) plan.CurrentTags[tag.Key] = tag.Value;

            // Trust policy.
            var storedTrust = PolicyDocument.FromService(role.AssumeRolePolicyDocument);
            bool trustDiffers = spec.TrustIsExplicit
                ? !spec.TrustDocument.Equals(storedTrust)
                : storedTrust == null || !storedTrust.Trusts(RoleSpec.LambdaService);
            if (trustDiffers)
                plan.ChangeList.Add(new RoleChange(RoleChangeKind.UpdateTrustPolicy, name,
                    $"Update the trust policy (now trusted by {Describe(storedTrust)}) to trust {Describe(spec.TrustDocument)}",
                    $"Updated trust policy to trust {Describe(spec.TrustDocument)}") { Document = spec.TrustDocument });

            // Managed policies.
            var toAttach = spec.PolicyArns.Where(a => !plan.AttachedArns.Contains(a, StringComparer.Ordinal)).ToList();
            await CheckPoliciesExistAsync(toAttach, cancellationToken).ConfigureAwait(false);
            foreach (var arn in toAttach)
                plan.ChangeList.Add(new RoleChange(RoleChangeKind.AttachPolicy, arn, $"Attach managed policy {arn}", $"Attached {arn}"));

            // Inline policies: compared by meaning, so key order or ["x"] versus "x" is no change.
            foreach (var inline in spec.InlineDocuments)
            {
                bool exists = plan.InlineNames.Contains(inline.Key, StringComparer.Ordinal);
                if (exists)
                {
                    var stored = await Iam.GetRolePolicyAsync(name, inline.Key, cancellationToken).ConfigureAwait(false);
                    if (inline.Value.SameAs(stored.PolicyDocument)) continue;
                }
                plan.ChangeList.Add(new RoleChange(RoleChangeKind.PutInlinePolicy, inline.Key,
                    exists ? $"Replace inline policy '{inline.Key}' (its statements differ)" : $"Put inline policy '{inline.Key}'",
                    exists ? $"Updated inline policy {inline.Key}" : $"Put inline policy {inline.Key}") { Document = inline.Value });
            }

            // Extras: removed with Exact, reported otherwise.
            var extraArns = plan.AttachedArns.Where(a => !spec.PolicyArns.Contains(a, StringComparer.Ordinal)).ToList();
            var extraInline = plan.InlineNames.Where(n => !spec.InlineDocuments.Any(d => string.Equals(d.Key, n, StringComparison.Ordinal))).ToList();
            if (spec.Exact)
            {
                foreach (var arn in extraArns)
                    plan.ChangeList.Add(new RoleChange(RoleChangeKind.DetachPolicy, arn, $"Detach managed policy {arn}", $"Detached {arn}"));
                foreach (var policyName in extraInline)
                    plan.ChangeList.Add(new RoleChange(RoleChangeKind.DeleteInlinePolicy, policyName, $"Delete inline policy '{policyName}'", $"Deleted inline policy {policyName}"));
            }
            else if (extraArns.Count + extraInline.Count > 0)
            {
                Info?.Invoke($"Role '{name}' also has {string.Join(", ", extraArns.Concat(extraInline.Select(n => "inline policy " + n)))}; left in place (use -Exact to remove what is not asked for).");
            }

            // Description.
            if (spec.Description != null && !string.Equals(spec.Description, role.Description ?? "", StringComparison.Ordinal))
                plan.ChangeList.Add(new RoleChange(RoleChangeKind.UpdateDescription, name,
                    $"Set the description to '{spec.Description}'", $"Set description to '{spec.Description}'"));

            // Tags: added or updated, never removed.
            if (spec.Tags != null && spec.Tags.Count > 0)
            {
                plan.CurrentTags = await ListTagsAsync(name, cancellationToken).ConfigureAwait(false);
                var tags = spec.Tags
                    .Where(t => !plan.CurrentTags.TryGetValue(t.Key, out var v) || !string.Equals(v, t.Value ?? "", StringComparison.Ordinal))
                    .Select(t => new Tag(t.Key, t.Value ?? ""))
                    .ToList();
                if (tags.Count > 0)
                {
                    string list = string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"));
                    plan.ChangeList.Add(new RoleChange(RoleChangeKind.TagRole, name, $"Set tags {list}", $"Tagged {list}") { Tags = tags });
                }
            }

            if (plan.IsUnchanged) Info?.Invoke($"Role '{name}' already matches; nothing to change.");
            return plan;
        }

        /// <summary>
        /// Applies the plan's changes that <paramref name="include"/> accepts (all when null). Returns the
        /// role as it now is, or null when nothing was applied although something differed (every change
        /// declined, e.g. with -WhatIf) or when the role was to be created and that was declined.
        /// </summary>
        public async Task<AlonzoRole> ApplyAsync(RolePlan plan, Func<RoleChange, bool> include, CancellationToken cancellationToken)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            var spec = plan.Spec;
            var selected = plan.ChangeList.Where(c => include == null || include(c)).ToList();
            if (plan.IsUnchanged)
                return ToRole(plan.Existing, plan.AttachedArns, plan.InlineNames, plan.CurrentTags, ResourceAction.Unchanged, Array.Empty<string>());
            if (selected.Count == 0) return null;
            if (plan.Existing == null && selected[0].Kind != RoleChangeKind.CreateRole)
                return null;

            var role = plan.Existing;
            var attached = new List<string>(plan.AttachedArns);
            var inline = new List<string>(plan.InlineNames);
            var tags = new Dictionary<string, string>(plan.CurrentTags, StringComparer.Ordinal);
            var done = new List<string>();
            bool created = false;

            foreach (var change in selected)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (change.Kind)
                {
                    case RoleChangeKind.CreateRole:
                        try
                        {
                            role = await Iam.CreateRoleAsync(new CreateRoleRequest
                            {
                                RoleName = spec.Name,
                                AssumeRolePolicyDocument = change.Document.Json,
                                Description = string.IsNullOrEmpty(spec.Description) ? null : spec.Description,
                                Tags = spec.Tags != null && spec.Tags.Count > 0 ? spec.Tags.Select(t => new Tag(t.Key, t.Value ?? "")).ToList() : null,
                            }, cancellationToken).ConfigureAwait(false);
                        }
                        catch (AwsConflictException e) when (e.ErrorCode == "EntityAlreadyExists")
                        {
                            // Created by someone else since the plan was read: converge on theirs instead.
                            Info?.Invoke($"Role '{spec.Name}' was created by another caller at the same time; converging it instead.");
                            var again = await PlanAsync(spec, cancellationToken).ConfigureAwait(false);
                            return await ApplyAsync(again, include, cancellationToken).ConfigureAwait(false);
                        }
                        created = true;
                        if (spec.Tags != null) foreach (var t in spec.Tags) tags[t.Key] = t.Value ?? "";
                        break;

                    case RoleChangeKind.UpdateTrustPolicy:
                        await Iam.UpdateAssumeRolePolicyAsync(spec.Name, change.Document.Json, cancellationToken).ConfigureAwait(false);
                        role.AssumeRolePolicyDocument = change.Document.Json;
                        break;

                    case RoleChangeKind.AttachPolicy:
                        await OnRoleAsync(created, spec.Name, ct => Iam.AttachRolePolicyAsync(spec.Name, change.Target, ct), cancellationToken).ConfigureAwait(false);
                        attached.Add(change.Target);
                        break;

                    case RoleChangeKind.PutInlinePolicy:
                        await OnRoleAsync(created, spec.Name, ct => Iam.PutRolePolicyAsync(new PutRolePolicyRequest
                        {
                            RoleName = spec.Name,
                            PolicyName = change.Target,
                            PolicyDocument = change.Document.Json,
                        }, ct), cancellationToken).ConfigureAwait(false);
                        if (!inline.Contains(change.Target, StringComparer.Ordinal)) inline.Add(change.Target);
                        break;

                    case RoleChangeKind.DetachPolicy:
                        await IgnoreMissingAsync(Iam.DetachRolePolicyAsync(spec.Name, change.Target, cancellationToken)).ConfigureAwait(false);
                        attached.Remove(change.Target);
                        break;

                    case RoleChangeKind.DeleteInlinePolicy:
                        await IgnoreMissingAsync(Iam.DeleteRolePolicyAsync(spec.Name, change.Target, cancellationToken)).ConfigureAwait(false);
                        inline.Remove(change.Target);
                        break;

                    case RoleChangeKind.UpdateDescription:
                        await Iam.UpdateRoleAsync(new UpdateRoleRequest { RoleName = spec.Name, Description = spec.Description }, cancellationToken).ConfigureAwait(false);
                        role.Description = spec.Description;
                        break;

                    case RoleChangeKind.TagRole:
                        await Iam.TagRoleAsync(spec.Name, change.Tags, cancellationToken).ConfigureAwait(false);
                        foreach (var t in change.Tags) tags[t.Key] = t.Value;
                        break;
                }
                done.Add(change.Done);
                Info?.Invoke(change.Done + ".");
            }

            return ToRole(role, attached, inline, tags, created ? ResourceAction.Created : ResourceAction.Updated, done.ToArray());
        }

        // Calls on a role created a moment ago may briefly see NoSuchEntity for the role itself
        // ("The role with name x cannot be found."); a missing policy is not retried.
        private async Task OnRoleAsync(bool justCreated, string roleName, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
        {
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    await call(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (AwsResourceNotFoundException e) when (justCreated && attempt < EventualConsistencyDelays.Count && IsRoleMissing(e.ServiceMessage, roleName))
                {
                    Info?.Invoke($"The new role is not visible to IAM yet ({e.ServiceMessage}); retrying.");
                    await Task.Delay(EventualConsistencyDelays[attempt], cancellationToken).ConfigureAwait(false);
                }
            }
        }

        internal static bool IsRoleMissing(string message, string roleName) =>
            message != null &&
            (message.IndexOf("role with name " + roleName, StringComparison.OrdinalIgnoreCase) >= 0 ||
             message.StartsWith("Role " + roleName + " ", StringComparison.OrdinalIgnoreCase));

        private static async Task IgnoreMissingAsync(Task call)
        {
            try
            {
                await call.ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException)
            {
                // Already gone: the goal of a detach or delete is met.
            }
        }

        private async Task CheckPoliciesExistAsync(IEnumerable<string> arns, CancellationToken cancellationToken)
        {
            foreach (var arn in arns)
            {
                Policy policy;
                try
                {
                    policy = await Iam.GetPolicyAsync(arn, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsResourceNotFoundException)
                {
                    policy = null;
                }
                if (policy == null)
                    throw new AlonzoOperationException("PolicyNotFound", FailureKind.ObjectNotFound,
                        $"The managed policy '{arn}' does not exist; nothing was created or changed.",
                        "Check the ARN: AWS managed policies look like arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole, customer managed ones like arn:aws:iam::<account>:policy/<name>.");
                if (!policy.IsAttachable)
                    throw new AlonzoOperationException("PolicyNotAttachable", FailureKind.InvalidArgument,
                        $"The managed policy '{arn}' cannot be attached to roles (IAM marks it not attachable); nothing was created or changed.");
            }
        }

        // ------------------------------------------------------------------ read

        /// <summary>The role with its policies and tags, or null when there is no such role.</summary>
        public async Task<AlonzoRole> GetAsync(string name, CancellationToken cancellationToken)
        {
            RoleRules.RoleName(name);
            var role = await GetRoleOrNullAsync(name, cancellationToken).ConfigureAwait(false);
            if (role == null) return null;
            return await DescribeAsync(role, cancellationToken).ConfigureAwait(false);
        }

        private async Task<AlonzoRole> DescribeAsync(Role role, CancellationToken cancellationToken)
        {
            try
            {
                var attached = await ListAttachedPolicyArnsAsync(role.RoleName, cancellationToken).ConfigureAwait(false);
                var inline = await ListInlinePolicyNamesAsync(role.RoleName, cancellationToken).ConfigureAwait(false);
                var tags = role.Tags.GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
                return ToRole(role, attached, inline, tags, ResourceAction.None, Array.Empty<string>());
            }
            catch (AwsResourceNotFoundException)
            {
                return null; // Deleted while being read.
            }
        }

        /// <summary>All roles whose names pass the filter, each read in full (policies and tags).</summary>
        public async Task<List<AlonzoRole>> ListAsync(Func<string, bool> nameFilter, CancellationToken cancellationToken)
        {
            var result = new List<AlonzoRole>();
            foreach (var name in await ListNamesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (nameFilter != null && !nameFilter(name)) continue;
                var role = await GetRoleOrNullAsync(name, cancellationToken).ConfigureAwait(false);
                if (role == null) continue;
                var described = await DescribeAsync(role, cancellationToken).ConfigureAwait(false);
                if (described != null) result.Add(described);
            }
            return result;
        }

        /// <summary>Every role name in the account (ListRoles, all pages).</summary>
        public async Task<List<string>> ListNamesAsync(CancellationToken cancellationToken)
        {
            var names = new List<string>();
            string marker = null;
            do
            {
                var page = await Iam.ListRolesAsync(new ListRolesRequest { Marker = marker }, cancellationToken).ConfigureAwait(false);
                names.AddRange(page.Roles.Select(r => r.RoleName));
                marker = page.IsTruncated ? page.Marker : null;
            } while (!string.IsNullOrEmpty(marker));
            return names;
        }

        /// <summary>
        /// Finds a role by name or ARN and returns it (policy lists are not read: null). Error id
        /// RoleNotFound when it does not exist. Warns when Lambda cannot assume it.
        /// </summary>
        public async Task<AlonzoRole> ResolveAsync(string nameOrArn, CancellationToken cancellationToken)
        {
            string name;
            if (RoleRules.LooksLikeArn(nameOrArn))
            {
                name = RoleRules.RoleNameFromArn(nameOrArn);
                if (name == null)
                    throw new AlonzoValidationException("InvalidRoleArn", "Role", nameOrArn,
                        $"-Role: '{NameRules.Shorten(nameOrArn)}' is not a role ARN (arn:aws:iam::<12-digit account>:role/<path/><name>).");
            }
            else
            {
                name = nameOrArn;
                RoleRules.RoleName(name, "Role");
            }

            var role = await GetRoleOrNullAsync(name, cancellationToken).ConfigureAwait(false);
            if (role == null)
                throw new AlonzoOperationException("RoleNotFound", FailureKind.ObjectNotFound,
                    $"No IAM role named '{name}' exists in this account.",
                    $"Create it with New-AlonzoRole -Name {name}, or check the name with Get-AlonzoRole.");
            if (RoleRules.LooksLikeArn(nameOrArn) && !string.Equals(role.Arn, nameOrArn, StringComparison.Ordinal))
                throw new AlonzoOperationException("RoleNotFound", FailureKind.ObjectNotFound,
                    $"The role '{nameOrArn}' does not exist: the role named '{name}' in this account is '{role.Arn}'.",
                    "Use the ARN that Get-AlonzoRole shows, or just the role name.");

            var trust = PolicyDocument.FromService(role.AssumeRolePolicyDocument);
            if (trust == null || !trust.Trusts(RoleSpec.LambdaService))
                Warning?.Invoke($"The role '{name}' does not let {RoleSpec.LambdaService} assume it, so Lambda cannot use it. Run New-AlonzoRole -Name {name} to add that trust.");
            var tags = role.Tags.GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            return ToRole(role, null, null, tags, ResourceAction.None, Array.Empty<string>());
        }

        // ------------------------------------------------------------------ delete

        /// <summary>
        /// Deletes the role after detaching its managed policies, deleting its inline policies and taking
        /// it out of instance profiles (IAM refuses to delete a role with any of those). False when it did not exist.
        /// </summary>
        public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
        {
            RoleRules.RoleName(name);
            if (await GetRoleOrNullAsync(name, cancellationToken).ConfigureAwait(false) == null)
                return false;
            try
            {
                foreach (var arn in await ListAttachedPolicyArnsAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    await IgnoreMissingAsync(Iam.DetachRolePolicyAsync(name, arn, cancellationToken)).ConfigureAwait(false);
                    Info?.Invoke($"Detached {arn} from role '{name}'.");
                }
                foreach (var policyName in await ListInlinePolicyNamesAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    await IgnoreMissingAsync(Iam.DeleteRolePolicyAsync(name, policyName, cancellationToken)).ConfigureAwait(false);
                    Info?.Invoke($"Deleted inline policy '{policyName}' of role '{name}'.");
                }
                foreach (var profile in await ListInstanceProfileNamesAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    await IgnoreMissingAsync(Iam.RemoveRoleFromInstanceProfileAsync(profile, name, cancellationToken)).ConfigureAwait(false);
                    Info?.Invoke($"Removed role '{name}' from instance profile '{profile}'.");
                }
                await Iam.DeleteRoleAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException e) when (e.Operation == "DeleteRole" || e.Operation.StartsWith("List", StringComparison.Ordinal))
            {
                // Deleted by someone else meanwhile.
                return false;
            }
            Info?.Invoke($"Deleted role '{name}'.");
            return true;
        }

        // ------------------------------------------------------------------ paging helpers

        private async Task<Role> GetRoleOrNullAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                return await Iam.GetRoleAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException)
            {
                return null;
            }
        }

        private async Task<List<string>> ListAttachedPolicyArnsAsync(string roleName, CancellationToken cancellationToken)
        {
            var arns = new List<string>();
            string marker = null;
            do
            {
                var page = await Iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = roleName, Marker = marker }, cancellationToken).ConfigureAwait(false);
                arns.AddRange(page.AttachedPolicies.Select(p => p.PolicyArn));
                marker = page.IsTruncated ? page.Marker : null;
            } while (!string.IsNullOrEmpty(marker));
            return arns;
        }

        private async Task<List<string>> ListInlinePolicyNamesAsync(string roleName, CancellationToken cancellationToken)
        {
            var names = new List<string>();
            string marker = null;
            do
            {
                var page = await Iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = roleName, Marker = marker }, cancellationToken).ConfigureAwait(false);
                names.AddRange(page.PolicyNames);
                marker = page.IsTruncated ? page.Marker : null;
            } while (!string.IsNullOrEmpty(marker));
            return names;
        }

        private async Task<Dictionary<string, string>> ListTagsAsync(string roleName, CancellationToken cancellationToken)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            string marker = null;
            do
            {
                var page = await Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = roleName, Marker = marker }, cancellationToken).ConfigureAwait(false);
                foreach (var t in page.Tags) tags[t.Key] = t.Value;
                marker = page.IsTruncated ? page.Marker : null;
            } while (!string.IsNullOrEmpty(marker));
            return tags;
        }

        private async Task<List<string>> ListInstanceProfileNamesAsync(string roleName, CancellationToken cancellationToken)
        {
            var names = new List<string>();
            string marker = null;
            do
            {
                var page = await Iam.ListInstanceProfilesForRoleAsync(new ListInstanceProfilesForRoleRequest { RoleName = roleName, Marker = marker }, cancellationToken).ConfigureAwait(false);
                names.AddRange(page.InstanceProfiles.Select(p => p.InstanceProfileName));
                marker = page.IsTruncated ? page.Marker : null;
            } while (!string.IsNullOrEmpty(marker));
            return names;
        }

        // ------------------------------------------------------------------ shaping

        private static string Describe(PolicyDocument trust)
        {
            if (trust == null) return "nothing readable";
            var services = trust.TrustedServices;
            return services.Count == 0 ? "a custom trust policy" : string.Join(", ", services);
        }

        internal static AlonzoRole ToRole(Role role, IEnumerable<string> attached, IEnumerable<string> inline,
            IDictionary<string, string> tags, ResourceAction action, string[] changes)
        {
            var trust = PolicyDocument.FromService(role.AssumeRolePolicyDocument);
            return new AlonzoRole
            {
                RoleName = role.RoleName,
                Arn = role.Arn,
                RoleId = role.RoleId,
                Path = role.Path,
                TrustPolicy = trust?.Json ?? role.AssumeRolePolicyDocument,
                TrustedServices = trust?.TrustedServices.ToArray() ?? Array.Empty<string>(),
                ManagedPolicyArns = attached?.OrderBy(a => a, StringComparer.Ordinal).ToArray(),
                InlinePolicyNames = inline?.OrderBy(n => n, StringComparer.Ordinal).ToArray(),
                Description = string.IsNullOrEmpty(role.Description) ? null : role.Description,
                MaxSessionDuration = role.MaxSessionDuration,
                Tags = tags == null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(tags, StringComparer.Ordinal),
                CreatedAt = role.CreateDate,
                Action = action,
                Changes = changes ?? Array.Empty<string>(),
            };
        }
    }
}
