using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Iam;
using Alonzo.Aws.Runtime;
using Alonzo.Resources;
using Alonzo.Sessions;
using Alonzo.Validation;

namespace Alonzo.Roles
{
    /// <summary>
    /// The IAM role lifecycle: converge a role to a spec (create, attach, put, update trust, tag; with
    /// Exact also detach and delete), read, resolve a name or ARN, and delete with everything attached.
    /// Converging reads first and writes only differences, so an unchanged role costs no mutating call.
    /// </summary>
    public sealed class RoleOperations : IResourceOperations<RoleSpec, AlonzoRole>
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

        public ResourceKind Kind => ResourceKind.Role;

        public Task<AlonzoRole> ReadAsync(string name, CancellationToken cancellationToken) => GetAsync(name, cancellationToken);

        /// <summary>Creates or converges the role and returns it with <see cref="AlonzoRole.Action"/> and <see cref="AlonzoRole.Changes"/>.</summary>
        public async Task<AlonzoRole> EnsureAsync(RoleSpec spec, CancellationToken cancellationToken)
        {
            var plan = await PlanAsync(spec, null, cancellationToken).ConfigureAwait(false);
            return await ApplyAsync(plan, null, cancellationToken).ConfigureAwait(false);
        }

        private static ResourceChange Change(ResourceKey key, RoleStep step, ChangeOperation operation, string path, string item,
            object before, object after, string summary, string done, PolicyDocument document = null, List<Tag> tags = null) =>
            new ResourceChange(key, operation, path, before, after, item, false, summary, done)
            {
                Payload = new RoleCall(step) { Document = document, Tags = tags },
            };

        /// <summary>
        /// Validates the spec, reads the role and works out the calls that would converge it, without
        /// changing anything. Managed policies to attach are checked to exist here, before anything is
        /// created (error id PolicyNotFound). Each change can be approved on its own.
        /// </summary>
        public async Task<ResourcePlan> PlanAsync(RoleSpec spec, ResourceScope scope, CancellationToken cancellationToken)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            spec.Validate();
            string name = spec.Name;
            var key = ResourceKey.Role(name);
            var state = new RoleState(spec) { Existing = await GetRoleOrNullAsync(name, cancellationToken).ConfigureAwait(false) };
            var plan = new ResourcePlan(key, PlanAction.None) { State = state, ApprovedPerChange = true };

            if (state.Existing == null)
            {
                Info?.Invoke($"Role '{name}' does not exist; it will be created.");
                await CheckPoliciesExistAsync(spec.PolicyArns, cancellationToken).ConfigureAwait(false);
                plan.Action = PlanAction.Create;
                plan.Add(Change(key, RoleStep.CreateRole, ChangeOperation.Create, "", null, null, spec.TrustDocument.Json,
                    $"Create IAM role trusted by {Describe(spec.TrustDocument)}",
                    $"Created role {name} trusted by {Describe(spec.TrustDocument)}", spec.TrustDocument));
                if (!string.IsNullOrEmpty(spec.Description)) plan.Property("Description", spec.Description).Payload = new RoleCall(RoleStep.CreateRole);
                if (spec.Tags != null && spec.Tags.Count > 0) plan.Property("Tags", TagDiff.Missing(null, spec.Tags)).Payload = new RoleCall(RoleStep.CreateRole);
                foreach (var arn in spec.PolicyArns)
                    plan.Add(Change(key, RoleStep.AttachPolicy, ChangeOperation.Add, "ManagedPolicyArns", arn, null, arn, $"Attach managed policy {arn}", $"Attached {arn}"));
                foreach (var inline in spec.InlineDocuments)
                    plan.Add(Change(key, RoleStep.PutInlinePolicy, ChangeOperation.Add, "InlinePolicies", inline.Key, null, inline.Value.Json,
                        $"Put inline policy '{inline.Key}'", $"Put inline policy {inline.Key}", inline.Value));
                return plan;
            }

            var role = state.Existing;
            state.AttachedArns = await ListAttachedPolicyArnsAsync(name, cancellationToken).ConfigureAwait(false);
            state.InlineNames = await ListInlinePolicyNamesAsync(name, cancellationToken).ConfigureAwait(false);
            foreach (var tag in role.Tags) state.CurrentTags[tag.Key] = tag.Value;
            plan.Current = ToRole(role, state.AttachedArns, state.InlineNames, state.CurrentTags, ResourceAction.None, Array.Empty<string>());

            // Trust policy.
            var storedTrust = PolicyDocument.FromService(role.AssumeRolePolicyDocument);
            bool trustDiffers = spec.TrustIsExplicit
                ? !spec.TrustDocument.Equals(storedTrust)
                : storedTrust == null || !storedTrust.Trusts(RoleSpec.LambdaService);
            if (trustDiffers)
                plan.Add(Change(key, RoleStep.UpdateTrustPolicy, ChangeOperation.Set, "TrustPolicy", null, storedTrust?.Json ?? role.AssumeRolePolicyDocument, spec.TrustDocument.Json,
                    $"Update the trust policy (now trusted by {Describe(storedTrust)}) to trust {Describe(spec.TrustDocument)}",
                    $"Updated trust policy to trust {Describe(spec.TrustDocument)}", spec.TrustDocument));

            // Managed policies.
            var toAttach = spec.PolicyArns.Where(a => !state.AttachedArns.Contains(a, StringComparer.Ordinal)).ToList();
            await CheckPoliciesExistAsync(toAttach, cancellationToken).ConfigureAwait(false);
            foreach (var arn in toAttach)
                plan.Add(Change(key, RoleStep.AttachPolicy, ChangeOperation.Add, "ManagedPolicyArns", arn, null, arn, $"Attach managed policy {arn}", $"Attached {arn}"));

            // Inline policies: compared by meaning, so key order or ["x"] versus "x" is no change.
            foreach (var inline in spec.InlineDocuments)
            {
                bool exists = state.InlineNames.Contains(inline.Key, StringComparer.Ordinal);
                string storedJson = null;
                if (exists)
                {
                    var stored = await Iam.GetRolePolicyAsync(name, inline.Key, cancellationToken).ConfigureAwait(false);
                    if (inline.Value.SameAs(stored.PolicyDocument)) continue;
                    storedJson = stored.PolicyDocument;
                }
                plan.Add(Change(key, RoleStep.PutInlinePolicy, exists ? ChangeOperation.Set : ChangeOperation.Add, "InlinePolicies", inline.Key, storedJson, inline.Value.Json,
                    exists ? $"Replace inline policy '{inline.Key}' (its statements differ)" : $"Put inline policy '{inline.Key}'",
                    exists ? $"Updated inline policy {inline.Key}" : $"Put inline policy {inline.Key}", inline.Value));
            }

            // Extras: removed with Exact, reported otherwise.
            var extraArns = state.AttachedArns.Where(a => !spec.PolicyArns.Contains(a, StringComparer.Ordinal)).ToList();
            var extraInline = state.InlineNames.Where(n => !spec.InlineDocuments.Any(d => string.Equals(d.Key, n, StringComparison.Ordinal))).ToList();
            if (spec.Exact)
            {
                foreach (var arn in extraArns)
                    plan.Add(Change(key, RoleStep.DetachPolicy, ChangeOperation.Remove, "ManagedPolicyArns", arn, arn, null, $"Detach managed policy {arn}", $"Detached {arn}"));
                foreach (var policyName in extraInline)
                    plan.Add(Change(key, RoleStep.DeleteInlinePolicy, ChangeOperation.Remove, "InlinePolicies", policyName, policyName, null, $"Delete inline policy '{policyName}'", $"Deleted inline policy {policyName}"));
            }
            else if (extraArns.Count + extraInline.Count > 0)
            {
                Info?.Invoke($"Role '{name}' also has {string.Join(", ", extraArns.Concat(extraInline.Select(n => "inline policy " + n)))}; left in place (use -Exact to remove what is not asked for).");
            }

            // Description.
            if (spec.Description != null && !string.Equals(spec.Description, role.Description ?? "", StringComparison.Ordinal))
                plan.Add(Change(key, RoleStep.UpdateDescription, ChangeOperation.Set, "Description", null, role.Description, spec.Description,
                    $"Set the description to '{spec.Description}'", $"Set description to '{spec.Description}'"));

            // Tags: added or updated, never removed.
            if (spec.Tags != null && spec.Tags.Count > 0)
            {
                state.CurrentTags = await ListTagsAsync(name, cancellationToken).ConfigureAwait(false);
                ((AlonzoRole)plan.Current).Tags = new Dictionary<string, string>(state.CurrentTags, StringComparer.Ordinal);
                var tagChange = TagDiff.Plan(plan, state.CurrentTags, spec.Tags,
                    t => "Set tags " + string.Join(", ", t.Select(p => $"{p.Key}={p.Value}")),
                    t => "Tagged " + string.Join(", ", t.Select(p => $"{p.Key}={p.Value}")));
                if (tagChange != null)
                    tagChange.Payload = new RoleCall(RoleStep.TagRole) { Tags = ((IDictionary<string, string>)tagChange.RawAfter).Select(t => new Tag(t.Key, t.Value)).ToList() };
            }

            if (plan.Changes.Count == 0) Info?.Invoke($"Role '{name}' already matches; nothing to change.");
            else plan.Action = PlanAction.Update;
            return plan;
        }

        /// <summary>
        /// Applies the plan's changes that the scope approves (all without a scope). Returns the role
        /// as it now is, or null when nothing was applied although something differed (every change
        /// declined, e.g. with -WhatIf) or when the role was to be created and that was declined.
        /// A removal plan deletes the role and returns null.
        /// </summary>
        public async Task<AlonzoRole> ApplyAsync(ResourcePlan plan, ResourceScope scope, CancellationToken cancellationToken)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            scope = scope ?? new ResourceScope();
            if (plan.Action == PlanAction.Remove)
            {
                await ApplyRemovalAsync(plan, cancellationToken).ConfigureAwait(false);
                return null;
            }
            var state = (RoleState)plan.State;
            var spec = state.Spec;
            var selected = plan.Changes.Where(c => !c.IsPartOfCreate && scope.IsApproved(c)).ToList();
            if (plan.IsEmpty)
                return Finish(plan, scope, ToRole(state.Existing, state.AttachedArns, state.InlineNames, state.CurrentTags, ResourceAction.Unchanged, Array.Empty<string>()));
            if (selected.Count == 0) return null;
            if (state.Existing == null && selected[0].Operation != ChangeOperation.Create)
                return null;

            var role = state.Existing;
            var attached = new List<string>(state.AttachedArns);
            var inline = new List<string>(state.InlineNames);
            var tags = new Dictionary<string, string>(state.CurrentTags, StringComparer.Ordinal);
            var done = new List<string>();
            bool created = false;

            foreach (var change in selected)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var call = (RoleCall)change.Payload;
                switch (call.Step)
                {
                    case RoleStep.CreateRole:
                        try
                        {
                            role = await Iam.CreateRoleAsync(new CreateRoleRequest
                            {
                                RoleName = spec.Name,
                                AssumeRolePolicyDocument = call.Document.Json,
                                Description = string.IsNullOrEmpty(spec.Description) ? null : spec.Description,
                                Tags = spec.Tags != null && spec.Tags.Count > 0 ? spec.Tags.Select(t => new Tag(t.Key, t.Value ?? "")).ToList() : null,
                            }, cancellationToken).ConfigureAwait(false);
                        }
                        catch (AwsConflictException e) when (e.ErrorCode == "EntityAlreadyExists")
                        {
                            // Created by someone else since the plan was read: converge theirs instead. The
                            // approvals are identities, so the same work planned again is still approved.
                            Info?.Invoke($"Role '{spec.Name}' was created by another caller at the same time; converging it instead.");
                            var again = await PlanAsync(spec, scope, cancellationToken).ConfigureAwait(false);
                            return await ApplyAsync(again, scope, cancellationToken).ConfigureAwait(false);
                        }
                        created = true;
                        if (spec.Tags != null) foreach (var t in spec.Tags) tags[t.Key] = t.Value ?? "";
                        break;

                    case RoleStep.UpdateTrustPolicy:
                        await Iam.UpdateAssumeRolePolicyAsync(spec.Name, call.Document.Json, cancellationToken).ConfigureAwait(false);
                        role.AssumeRolePolicyDocument = call.Document.Json;
                        break;

                    case RoleStep.AttachPolicy:
                        await OnRoleAsync(created, spec.Name, ct => Iam.AttachRolePolicyAsync(spec.Name, change.Item, ct), cancellationToken).ConfigureAwait(false);
                        attached.Add(change.Item);
                        break;

                    case RoleStep.PutInlinePolicy:
                        await OnRoleAsync(created, spec.Name, ct => Iam.PutRolePolicyAsync(new PutRolePolicyRequest
                        {
                            RoleName = spec.Name,
                            PolicyName = change.Item,
                            PolicyDocument = call.Document.Json,
                        }, ct), cancellationToken).ConfigureAwait(false);
                        if (!inline.Contains(change.Item, StringComparer.Ordinal)) inline.Add(change.Item);
                        break;

                    case RoleStep.DetachPolicy:
                        await IgnoreMissingAsync(Iam.DetachRolePolicyAsync(spec.Name, change.Item, cancellationToken)).ConfigureAwait(false);
                        attached.Remove(change.Item);
                        break;

                    case RoleStep.DeleteInlinePolicy:
                        await IgnoreMissingAsync(Iam.DeleteRolePolicyAsync(spec.Name, change.Item, cancellationToken)).ConfigureAwait(false);
                        inline.Remove(change.Item);
                        break;

                    case RoleStep.UpdateDescription:
                        await Iam.UpdateRoleAsync(new UpdateRoleRequest { RoleName = spec.Name, Description = spec.Description }, cancellationToken).ConfigureAwait(false);
                        role.Description = spec.Description;
                        break;

                    case RoleStep.TagRole:
                        await Iam.TagRoleAsync(spec.Name, call.Tags, cancellationToken).ConfigureAwait(false);
                        foreach (var t in call.Tags) tags[t.Key] = t.Value;
                        break;
                }
                done.Add(change.Done);
                Info?.Invoke(change.Done + ".");
            }

            return Finish(plan, scope, ToRole(role, attached, inline, tags, created ? ResourceAction.Created : ResourceAction.Updated, done.ToArray()));
        }

        private static AlonzoRole Finish(ResourcePlan plan, ResourceScope scope, AlonzoRole role)
        {
            plan.Result = role;
            scope.AddResult(plan.Key, a => a == "Arn" ? role.Arn : null);
            return role;
        }

        // Calls on a role created a moment ago may briefly see NoSuchEntity for the role itself
        // ("The role with name x cannot be found."); a missing policy is not retried.
        private Task OnRoleAsync(bool justCreated, string roleName, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
            Retrying.WhileAsync(call, e => justCreated && e is AwsResourceNotFoundException && IsRoleMissing(e.ServiceMessage, roleName),
                RetryBudget.FromDelays(EventualConsistencyDelays),
                (failed, ct) =>
                {
                    Info?.Invoke($"The new role is not visible to IAM yet ({failed.Error.ServiceMessage}); retrying.");
                    return Task.CompletedTask;
                },
                null, cancellationToken);

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
        public Task<List<string>> ListNamesAsync(CancellationToken cancellationToken) =>
            Paginator.AllAsync("ListRoles", async (marker, ct) =>
            {
                var page = await Iam.ListRolesAsync(new ListRolesRequest { Marker = marker }, ct).ConfigureAwait(false);
                return (page.Roles.Select(r => r.RoleName), Paginator.Next(page.IsTruncated, page.Marker));
            }, cancellationToken);

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
        /// The teardown of a role, as steps: detach its managed policies, delete its inline policies,
        /// take it out of instance profiles (IAM refuses to delete a role with any of those), delete it.
        /// An empty plan (None) when there is no such role.
        /// </summary>
        public async Task<ResourcePlan> PlanRemoveAsync(string name, ResourceScope scope, CancellationToken cancellationToken)
        {
            RoleRules.RoleName(name);
            var key = ResourceKey.Role(name);
            var role = await GetRoleOrNullAsync(name, cancellationToken).ConfigureAwait(false);
            var plan = new ResourcePlan(key, role == null ? PlanAction.None : PlanAction.Remove) { Current = role };
            if (role == null) return plan;
            try
            {
                foreach (var arn in await ListAttachedPolicyArnsAsync(name, cancellationToken).ConfigureAwait(false))
                    plan.Add(Change(key, RoleStep.DetachPolicy, ChangeOperation.Remove, "ManagedPolicyArns", arn, arn, null,
                        $"Detach managed policy {arn}", $"Detached {arn} from role '{name}'"));
                foreach (var policyName in await ListInlinePolicyNamesAsync(name, cancellationToken).ConfigureAwait(false))
                    plan.Add(Change(key, RoleStep.DeleteInlinePolicy, ChangeOperation.Remove, "InlinePolicies", policyName, policyName, null,
                        $"Delete inline policy '{policyName}'", $"Deleted inline policy '{policyName}' of role '{name}'"));
                foreach (var profile in await ListInstanceProfileNamesAsync(name, cancellationToken).ConfigureAwait(false))
                    plan.Add(Change(key, RoleStep.RemoveFromInstanceProfile, ChangeOperation.Remove, "InstanceProfiles", profile, profile, null,
                        $"Remove the role from instance profile '{profile}'", $"Removed role '{name}' from instance profile '{profile}'"));
            }
            catch (AwsResourceNotFoundException)
            {
                return new ResourcePlan(key, PlanAction.None); // Deleted by someone else meanwhile.
            }
            plan.Add(Change(key, RoleStep.DeleteRole, ChangeOperation.Delete, "", null, name, null, "Delete IAM role", $"Deleted role '{name}'"));
            return plan;
        }

        /// <summary>Plans and applies the removal; false when the role did not exist.</summary>
        public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
        {
            var plan = await PlanRemoveAsync(name, null, cancellationToken).ConfigureAwait(false);
            if (plan.Action != PlanAction.Remove) return false;
            return await ApplyRemovalAsync(plan, cancellationToken).ConfigureAwait(false);
        }

        private async Task<bool> ApplyRemovalAsync(ResourcePlan plan, CancellationToken cancellationToken)
        {
            string name = plan.Name;
            try
            {
                foreach (var change in plan.Changes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (((RoleCall)change.Payload).Step)
                    {
                        case RoleStep.DetachPolicy:
                            await IgnoreMissingAsync(Iam.DetachRolePolicyAsync(name, change.Item, cancellationToken)).ConfigureAwait(false);
                            break;
                        case RoleStep.DeleteInlinePolicy:
                            await IgnoreMissingAsync(Iam.DeleteRolePolicyAsync(name, change.Item, cancellationToken)).ConfigureAwait(false);
                            break;
                        case RoleStep.RemoveFromInstanceProfile:
                            await IgnoreMissingAsync(Iam.RemoveRoleFromInstanceProfileAsync(change.Item, name, cancellationToken)).ConfigureAwait(false);
                            break;
                        case RoleStep.DeleteRole:
                            await Iam.DeleteRoleAsync(name, cancellationToken).ConfigureAwait(false);
                            break;
                    }
                    Info?.Invoke(change.Done + ".");
                }
            }
            catch (AwsResourceNotFoundException e) when (e.Operation == "DeleteRole")
            {
                // Deleted by someone else meanwhile.
                return false;
            }
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

        internal Task<List<string>> ListAttachedPolicyArnsAsync(string roleName, CancellationToken cancellationToken) =>
            Paginator.AllAsync("ListAttachedRolePolicies", async (marker, ct) =>
            {
                var page = await Iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = roleName, Marker = marker }, ct).ConfigureAwait(false);
                return (page.AttachedPolicies.Select(p => p.PolicyArn), Paginator.Next(page.IsTruncated, page.Marker));
            }, cancellationToken);

        internal Task<List<string>> ListInlinePolicyNamesAsync(string roleName, CancellationToken cancellationToken) =>
            Paginator.AllAsync("ListRolePolicies", async (marker, ct) =>
            {
                var page = await Iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = roleName, Marker = marker }, ct).ConfigureAwait(false);
                return ((IEnumerable<string>)page.PolicyNames, Paginator.Next(page.IsTruncated, page.Marker));
            }, cancellationToken);

        private async Task<Dictionary<string, string>> ListTagsAsync(string roleName, CancellationToken cancellationToken)
        {
            var tags = await Paginator.AllAsync("ListRoleTags", async (marker, ct) =>
            {
                var page = await Iam.ListRoleTagsAsync(new ListRoleTagsRequest { RoleName = roleName, Marker = marker }, ct).ConfigureAwait(false);
                return ((IEnumerable<Tag>)page.Tags, Paginator.Next(page.IsTruncated, page.Marker));
            }, cancellationToken).ConfigureAwait(false);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var t in tags) result[t.Key] = t.Value;
            return result;
        }

        private Task<List<string>> ListInstanceProfileNamesAsync(string roleName, CancellationToken cancellationToken) =>
            Paginator.AllAsync("ListInstanceProfilesForRole", async (marker, ct) =>
            {
                var page = await Iam.ListInstanceProfilesForRoleAsync(new ListInstanceProfilesForRoleRequest { RoleName = roleName, Marker = marker }, ct).ConfigureAwait(false);
                return (page.InstanceProfiles.Select(p => p.InstanceProfileName), Paginator.Next(page.IsTruncated, page.Marker));
            }, cancellationToken);

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
