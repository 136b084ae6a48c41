using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Alonzo.Aws.Runtime;

namespace Alonzo.Aws.Iam
{
    /// <summary>IAM over the Query protocol (version 2010-05-08). IAM is global: the transport signs for the partition's home region.</summary>
    public sealed class IamClient : QueryClient, IIamClient
    {
        public const string ApiVersion = "2010-05-08";

        public IamClient(AwsTransport transport) : base(transport, ApiVersion)
        {
        }

        public async Task<Role> GetRoleAsync(string roleName, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("GetRole", new QueryParameters().Add("RoleName", roleName), false, cancellationToken).ConfigureAwait(false);
            return ReadRole(result.Child("Role"));
        }

        public async Task<Role> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken)
        {
            var parameters = new QueryParameters()
                .Add("RoleName", request.RoleName)
                .Add("AssumeRolePolicyDocument", request.AssumeRolePolicyDocument)
                .Add("Description", request.Description)
                .Add("Path", request.Path)
                .Add("MaxSessionDuration", request.MaxSessionDuration);
            if (request.Tags != null && request.Tags.Count > 0)
                parameters.AddList("Tags", request.Tags, TagFields);
            var result = await InvokeAsync("CreateRole", parameters, true, cancellationToken).ConfigureAwait(false);
            return ReadRole(result.Child("Role"));
        }

        public Task UpdateRoleAsync(UpdateRoleRequest request, CancellationToken cancellationToken) =>
            InvokeAsync("UpdateRole", new QueryParameters()
                .Add("RoleName", request.RoleName)
                .Add("Description", request.Description)
                .Add("MaxSessionDuration", request.MaxSessionDuration), true, cancellationToken);

        public Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken) =>
            InvokeAsync("DeleteRole", new QueryParameters().Add("RoleName", roleName), true, cancellationToken);

        public Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken) =>
            InvokeAsync("UpdateAssumeRolePolicy", new QueryParameters()
                .Add("RoleName", roleName)
                .Add("PolicyDocument", policyDocument), true, cancellationToken);

        public async Task<ListRolesResponse> ListRolesAsync(ListRolesRequest request, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("ListRoles", new QueryParameters()
                .Add("PathPrefix", request?.PathPrefix)
                .Add("Marker", request?.Marker)
                .Add("MaxItems", request?.MaxItems), false, cancellationToken).ConfigureAwait(false);
            return new ListRolesResponse
            {
                Roles = result.Members("Roles").Select(ReadRole).ToList(),
                IsTruncated = result.Bool("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        public async Task<ListAttachedRolePoliciesResponse> ListAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("ListAttachedRolePolicies", new QueryParameters()
                .Add("RoleName", request.RoleName)
                .Add("PathPrefix", request.PathPrefix)
                .Add("Marker", request.Marker)
                .Add("MaxItems", request.MaxItems), false, cancellationToken).ConfigureAwait(false);
            return new ListAttachedRolePoliciesResponse
            {
                AttachedPolicies = result.Members("AttachedPolicies")
                    .Select(m => new AttachedPolicy { PolicyName = m.Text("PolicyName"), PolicyArn = m.Text("PolicyArn") })
                    .ToList(),
                IsTruncated = result.Bool("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        public Task AttachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken) =>
            InvokeAsync("AttachRolePolicy", new QueryParameters().Add("RoleName", roleName).Add("PolicyArn", policyArn), true, cancellationToken);

        public Task DetachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken) =>
            InvokeAsync("DetachRolePolicy", new QueryParameters().Add("RoleName", roleName).Add("PolicyArn", policyArn), true, cancellationToken);

        public async Task<Policy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("GetPolicy", new QueryParameters().Add("PolicyArn", policyArn), false, cancellationToken).ConfigureAwait(false);
            var p = result.Child("Policy");
            if (p == null) return null;
            return new Policy
            {
                PolicyName = p.Text("PolicyName"),
                PolicyId = p.Text("PolicyId"),
                Arn = p.Text("Arn"),
                Path = p.Text("Path"),
                DefaultVersionId = p.Text("DefaultVersionId"),
                AttachmentCount = p.Int("AttachmentCount"),
                // Absent means attachable: only AWS service-linked policies say false.
                IsAttachable = p.Child("IsAttachable") == null || p.Bool("IsAttachable"),
                Description = p.Text("Description"),
                CreateDate = p.Date("CreateDate"),
                UpdateDate = p.Date("UpdateDate"),
            };
        }

        public async Task<ListRolePoliciesResponse> ListRolePoliciesAsync(ListRolePoliciesRequest request, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("ListRolePolicies", new QueryParameters()
                .Add("RoleName", request.RoleName)
                .Add("Marker", request.Marker)
                .Add("MaxItems", request.MaxItems), false, cancellationToken).ConfigureAwait(false);
            return new ListRolePoliciesResponse
            {
                PolicyNames = result.Members("PolicyNames").Select(m => m.Value).ToList(),
                IsTruncated = result.Bool("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        public async Task<GetRolePolicyResponse> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("GetRolePolicy", new QueryParameters().Add("RoleName", roleName).Add("PolicyName", policyName), false, cancellationToken).ConfigureAwait(false);
            return new GetRolePolicyResponse
            {
                RoleName = result.Text("RoleName"),
                PolicyName = result.Text("PolicyName"),
                PolicyDocument = DecodePolicyDocument(result.Text("PolicyDocument")),
            };
        }

        public Task PutRolePolicyAsync(PutRolePolicyRequest request, CancellationToken cancellationToken) =>
            InvokeAsync("PutRolePolicy", new QueryParameters()
                .Add("RoleName", request.RoleName)
                .Add("PolicyName", request.PolicyName)
                .Add("PolicyDocument", request.PolicyDocument), true, cancellationToken);

        public Task DeleteRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken) =>
            InvokeAsync("DeleteRolePolicy", new QueryParameters().Add("RoleName", roleName).Add("PolicyName", policyName), true, cancellationToken);

        public Task TagRoleAsync(string roleName, IList<Tag> tags, CancellationToken cancellationToken) =>
            InvokeAsync("TagRole", new QueryParameters().Add("RoleName", roleName).AddList("Tags", tags, TagFields), true, cancellationToken);

        public async Task<ListRoleTagsResponse> ListRoleTagsAsync(ListRoleTagsRequest request, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("ListRoleTags", new QueryParameters()
                .Add("RoleName", request.RoleName)
                .Add("Marker", request.Marker)
                .Add("MaxItems", request.MaxItems), false, cancellationToken).ConfigureAwait(false);
            return new ListRoleTagsResponse
            {
                Tags = ReadTags(result),
                IsTruncated = result.Bool("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        public async Task<ListInstanceProfilesForRoleResponse> ListInstanceProfilesForRoleAsync(ListInstanceProfilesForRoleRequest request, CancellationToken cancellationToken)
        {
            var result = await InvokeAsync("ListInstanceProfilesForRole", new QueryParameters()
                .Add("RoleName", request.RoleName)
                .Add("Marker", request.Marker)
                .Add("MaxItems", request.MaxItems), false, cancellationToken).ConfigureAwait(false);
            return new ListInstanceProfilesForRoleResponse
            {
                InstanceProfiles = result.Members("InstanceProfiles").Select(m => new InstanceProfile
                {
                    InstanceProfileName = m.Text("InstanceProfileName"),
                    InstanceProfileId = m.Text("InstanceProfileId"),
                    Arn = m.Text("Arn"),
                    Path = m.Text("Path"),
                }).ToList(),
                IsTruncated = result.Bool("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        public Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken) =>
            InvokeAsync("RemoveRoleFromInstanceProfile", new QueryParameters()
                .Add("InstanceProfileName", instanceProfileName)
                .Add("RoleName", roleName), true, cancellationToken);

        /// <summary>
        /// IAM returns policy documents URL-encoded (RFC 3986, as botocore's <c>unquote</c> reverses it;
        /// '+' is a literal plus). A document that already starts with '{' is plain JSON and is left alone:
        /// some emulators skip the encoding in list replies, and real IAM always encodes the brace.
        /// </summary>
        public static string DecodePolicyDocument(string value)
        {
            if (string.IsNullOrEmpty(value)) return value;
            string trimmed = value.TrimStart();
            if (trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal))
                return value;
            try
            {
                return Uri.UnescapeDataString(value);
            }
            catch (UriFormatException)
            {
                return value;
            }
        }

        private static IEnumerable<KeyValuePair<string, string>> TagFields(Tag tag)
        {
            yield return new KeyValuePair<string, string>("Key", tag.Key);
            yield return new KeyValuePair<string, string>("Value", tag.Value ?? "");
        }

        private static List<Tag> ReadTags(XElement parent) =>
            parent.Members("Tags").Select(m => new Tag(m.Text("Key"), m.Text("Value") ?? "")).ToList();

        internal static Role ReadRole(XElement r)
        {
            if (r == null) return null;
            return new Role
            {
                Path = r.Text("Path"),
                RoleName = r.Text("RoleName"),
                RoleId = r.Text("RoleId"),
                Arn = r.Text("Arn"),
                CreateDate = r.Date("CreateDate"),
                AssumeRolePolicyDocument = DecodePolicyDocument(r.Text("AssumeRolePolicyDocument")),
                Description = r.Text("Description"),
                MaxSessionDuration = r.Int("MaxSessionDuration"),
                PermissionsBoundaryArn = r.Child("PermissionsBoundary").Text("PermissionsBoundaryArn"),
                Tags = ReadTags(r),
                RoleLastUsedDate = r.Child("RoleLastUsed").Date("LastUsedDate"),
            };
        }
    }
}
