using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Iam;
using Alonzo.Aws.Runtime;

namespace Alonzo.Tests.Iam
{
    /// <summary>
    /// An in-memory IAM for engine tests: stores documents verbatim like IAM, pages every list
    /// (one item per page by default, so paging is always exercised) and records each call.
    /// </summary>
    internal sealed class FakeIam : IIamClient
    {
        public const string Account = "123456789012";
        public const string KinesisPolicy = "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole";
        public const string BasicPolicy = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        public const string VpcPolicy = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

        public sealed class StoredRole
        {
            public Role Role;
            public List<string> Attached = new List<string>();
            public List<KeyValuePair<string, string>> Inline = new List<KeyValuePair<string, string>>();
            public List<Tag> Tags = new List<Tag>();
            public List<string> InstanceProfiles = new List<string>();
        }

        public Dictionary<string, StoredRole> Roles { get; } = new Dictionary<string, StoredRole>(StringComparer.Ordinal);
        public HashSet<string> ManagedPolicies { get; } = new HashSet<string>(StringComparer.Ordinal) { KinesisPolicy, BasicPolicy, VpcPolicy };
        public List<(string Operation, bool Mutating)> Calls { get; } = new List<(string, bool)>();
        public IEnumerable<string> Mutating => Calls.Where(c => c.Mutating).Select(c => c.Operation);
        public int PageSize { get; set; } = 1;
        /// <summary>Runs just before CreateRole is handled (to simulate a concurrent creator).</summary>
        public Action BeforeCreate { get; set; }
        /// <summary>How many role-scoped calls after CreateRole answer NoSuchEntity (IAM's eventual consistency).</summary>
        public int InvisibleAfterCreate { get; set; }

        public StoredRole Add(string name, string trust, string path = "/")
        {
            var stored = new StoredRole
            {
                Role = new Role
                {
                    RoleName = name,
                    Path = path,
                    Arn = $"arn:aws:iam::{Account}:role{path}{name}",
                    RoleId = "AROA" + name.ToUpperInvariant().PadRight(17, 'X').Substring(0, 17),
                    AssumeRolePolicyDocument = trust,
                    CreateDate = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
                    MaxSessionDuration = 3600,
                },
            };
            Roles[name] = stored;
            return stored;
        }

        private void Record(string operation, bool mutating) => Calls.Add((operation, mutating));

        private static AwsServiceException NoSuchEntity(string operation, string message) =>
            AwsServiceException.Create("IAM", operation, "NoSuchEntity", message, "req", HttpStatusCode.NotFound);

        private StoredRole Find(string operation, string name)
        {
            if (InvisibleAfterCreate > 0 && operation != "GetRole")
            {
                InvisibleAfterCreate--;
                throw NoSuchEntity(operation, $"The role with name {name} cannot be found.");
            }
            if (!Roles.TryGetValue(name, out var stored))
                throw NoSuchEntity(operation, $"The role with name {name} cannot be found.");
            return stored;
        }

        private static Role Copy(StoredRole s) => new Role
        {
            RoleName = s.Role.RoleName, Path = s.Role.Path, Arn = s.Role.Arn, RoleId = s.Role.RoleId,
            AssumeRolePolicyDocument = s.Role.AssumeRolePolicyDocument, CreateDate = s.Role.CreateDate,
            Description = s.Role.Description, MaxSessionDuration = s.Role.MaxSessionDuration,
            Tags = s.Tags.Select(t => new Tag(t.Key, t.Value)).ToList(),
        };

        private (List<T> Items, bool Truncated, string Marker) Page<T>(IList<T> all, string marker)
        {
            int start = marker == null ? 0 : int.Parse(marker, CultureInfo.InvariantCulture);
            var items = all.Skip(start).Take(PageSize).ToList();
            bool truncated = start + PageSize < all.Count;
            return (items, truncated, truncated ? (start + PageSize).ToString(CultureInfo.InvariantCulture) : null);
        }

        public Task<Role> GetRoleAsync(string roleName, CancellationToken cancellationToken)
        {
            Record("GetRole", false);
            return Task.FromResult(Copy(Find("GetRole", roleName)));
        }

        public Task<Role> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken)
        {
            Record("CreateRole", true);
            BeforeCreate?.Invoke();
            if (Roles.ContainsKey(request.RoleName))
                throw AwsServiceException.Create("IAM", "CreateRole", "EntityAlreadyExists", $"Role with name {request.RoleName} already exists.", "req", HttpStatusCode.Conflict);
            var stored = Add(request.RoleName, request.AssumeRolePolicyDocument, request.Path ?? "/");
            stored.Role.Description = request.Description;
            if (request.Tags != null) stored.Tags.AddRange(request.Tags);
            return Task.FromResult(Copy(stored));
        }

        public Task UpdateRoleAsync(UpdateRoleRequest request, CancellationToken cancellationToken)
        {
            Record("UpdateRole", true);
            Find("UpdateRole", request.RoleName).Role.Description = request.Description;
            return Task.CompletedTask;
        }

        public Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken)
        {
            Record("DeleteRole", true);
            var stored = Find("DeleteRole", roleName);
            if (stored.Attached.Count > 0 || stored.Inline.Count > 0 || stored.InstanceProfiles.Count > 0)
                throw AwsServiceException.Create("IAM", "DeleteRole", "DeleteConflict", "Cannot delete entity, must detach all policies first.", "req", HttpStatusCode.Conflict);
            Roles.Remove(roleName);
            return Task.CompletedTask;
        }

        public Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken)
        {
            Record("UpdateAssumeRolePolicy", true);
            Find("UpdateAssumeRolePolicy", roleName).Role.AssumeRolePolicyDocument = policyDocument;
            return Task.CompletedTask;
        }

        public Task<ListRolesResponse> ListRolesAsync(ListRolesRequest request, CancellationToken cancellationToken)
        {
            Record("ListRoles", false);
            var page = Page(Roles.Values.Select(Copy).ToList(), request.Marker);
            return Task.FromResult(new ListRolesResponse { Roles = page.Items, IsTruncated = page.Truncated, Marker = page.Marker });
        }

        public Task<ListAttachedRolePoliciesResponse> ListAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken)
        {
            Record("ListAttachedRolePolicies", false);
            var page = Page(Find("ListAttachedRolePolicies", request.RoleName).Attached, request.Marker);
            return Task.FromResult(new ListAttachedRolePoliciesResponse
            {
                AttachedPolicies = page.Items.Select(a => new AttachedPolicy { PolicyArn = a, PolicyName = a.Substring(a.LastIndexOf('/') + 1) }).ToList(),
                IsTruncated = page.Truncated,
                Marker = page.Marker,
            });
        }

        public Task AttachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken)
        {
            Record("AttachRolePolicy", true);
            var stored = Find("AttachRolePolicy", roleName);
            if (!ManagedPolicies.Contains(policyArn)) throw NoSuchEntity("AttachRolePolicy", $"Policy {policyArn} does not exist or is not attachable.");
            if (!stored.Attached.Contains(policyArn)) stored.Attached.Add(policyArn);
            return Task.CompletedTask;
        }

        public Task DetachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken)
        {
            Record("DetachRolePolicy", true);
            if (!Find("DetachRolePolicy", roleName).Attached.Remove(policyArn)) throw NoSuchEntity("DetachRolePolicy", $"Policy {policyArn} was not found.");
            return Task.CompletedTask;
        }

        public Task<Policy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken)
        {
            Record("GetPolicy", false);
            if (!ManagedPolicies.Contains(policyArn)) throw NoSuchEntity("GetPolicy", $"Policy {policyArn} not found");
            return Task.FromResult(new Policy { Arn = policyArn, PolicyName = policyArn.Substring(policyArn.LastIndexOf('/') + 1), IsAttachable = true });
        }

        public Task<ListRolePoliciesResponse> ListRolePoliciesAsync(ListRolePoliciesRequest request, CancellationToken cancellationToken)
        {
            Record("ListRolePolicies", false);
            var page = Page(Find("ListRolePolicies", request.RoleName).Inline.Select(p => p.Key).ToList(), request.Marker);
            return Task.FromResult(new ListRolePoliciesResponse { PolicyNames = page.Items, IsTruncated = page.Truncated, Marker = page.Marker });
        }

        public Task<GetRolePolicyResponse> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken)
        {
            Record("GetRolePolicy", false);
            var stored = Find("GetRolePolicy", roleName);
            var match = stored.Inline.FirstOrDefault(p => p.Key == policyName);
            if (match.Key == null) throw NoSuchEntity("GetRolePolicy", $"The role policy with name {policyName} cannot be found.");
            return Task.FromResult(new GetRolePolicyResponse { RoleName = roleName, PolicyName = policyName, PolicyDocument = match.Value });
        }

        public Task PutRolePolicyAsync(PutRolePolicyRequest request, CancellationToken cancellationToken)
        {
            Record("PutRolePolicy", true);
            var stored = Find("PutRolePolicy", request.RoleName);
            stored.Inline.RemoveAll(p => p.Key == request.PolicyName);
            stored.Inline.Add(new KeyValuePair<string, string>(request.PolicyName, request.PolicyDocument));
            return Task.CompletedTask;
        }

        public Task DeleteRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken)
        {
            Record("DeleteRolePolicy", true);
            if (Find("DeleteRolePolicy", roleName).Inline.RemoveAll(p => p.Key == policyName) == 0)
                throw NoSuchEntity("DeleteRolePolicy", $"The role policy with name {policyName} cannot be found.");
            return Task.CompletedTask;
        }

        public Task TagRoleAsync(string roleName, IList<Tag> tags, CancellationToken cancellationToken)
        {
            Record("TagRole", true);
            var stored = Find("TagRole", roleName);
            foreach (var tag in tags)
            {
                stored.Tags.RemoveAll(t => t.Key == tag.Key);
                stored.Tags.Add(new Tag(tag.Key, tag.Value));
            }
            return Task.CompletedTask;
        }

        public Task<ListRoleTagsResponse> ListRoleTagsAsync(ListRoleTagsRequest request, CancellationToken cancellationToken)
        {
            Record("ListRoleTags", false);
            var page = Page(Find("ListRoleTags", request.RoleName).Tags, request.Marker);
            return Task.FromResult(new ListRoleTagsResponse { Tags = page.Items, IsTruncated = page.Truncated, Marker = page.Marker });
        }

        public Task<ListInstanceProfilesForRoleResponse> ListInstanceProfilesForRoleAsync(ListInstanceProfilesForRoleRequest request, CancellationToken cancellationToken)
        {
            Record("ListInstanceProfilesForRole", false);
            var page = Page(Find("ListInstanceProfilesForRole", request.RoleName).InstanceProfiles, request.Marker);
            return Task.FromResult(new ListInstanceProfilesForRoleResponse
            {
                InstanceProfiles = page.Items.Select(n => new InstanceProfile { InstanceProfileName = n }).ToList(),
                IsTruncated = page.Truncated,
                Marker = page.Marker,
            });
        }

        public Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken)
        {
            Record("RemoveRoleFromInstanceProfile", true);
            Find("RemoveRoleFromInstanceProfile", roleName).InstanceProfiles.Remove(instanceProfileName);
            return Task.CompletedTask;
        }
    }
}
