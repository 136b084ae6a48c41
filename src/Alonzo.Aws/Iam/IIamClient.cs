using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Aws.Iam
{
    /// <summary>
    /// The IAM operations Alonzo uses. Policy documents in replies come back as plain JSON (the
    /// client decodes IAM's URL encoding). An AWSSDK.IdentityManagement adapter could implement this later.
    /// </summary>
    public interface IIamClient
    {
        Task<Role> GetRoleAsync(string roleName, CancellationToken cancellationToken);
        Task<Role> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken);
        Task UpdateRoleAsync(UpdateRoleRequest request, CancellationToken cancellationToken);
        Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken);
        Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken);
        Task<ListRolesResponse> ListRolesAsync(ListRolesRequest request, CancellationToken cancellationToken);

        Task<ListAttachedRolePoliciesResponse> ListAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken);
        Task AttachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken);
        Task DetachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken);
        Task<Policy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken);

        Task<ListRolePoliciesResponse> ListRolePoliciesAsync(ListRolePoliciesRequest request, CancellationToken cancellationToken);
        Task<GetRolePolicyResponse> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken);
        Task PutRolePolicyAsync(PutRolePolicyRequest request, CancellationToken cancellationToken);
        Task DeleteRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken);

        Task TagRoleAsync(string roleName, IList<Tag> tags, CancellationToken cancellationToken);
        Task<ListRoleTagsResponse> ListRoleTagsAsync(ListRoleTagsRequest request, CancellationToken cancellationToken);

        Task<ListInstanceProfilesForRoleResponse> ListInstanceProfilesForRoleAsync(ListInstanceProfilesForRoleRequest request, CancellationToken cancellationToken);
        Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken);
    }
}
