using System;
using System.Collections.Generic;

// Request and reply shapes of the IAM operations Alonzo uses, named as in the service model
// (iam 2010-05-08). Policy documents in replies are already URL-decoded by the client.
namespace Alonzo.Aws.Iam
{
    public sealed class Tag
    {
        public Tag() { }

        public Tag(string key, string value)
        {
            Key = key;
            Value = value;
        }

        public string Key { get; set; }
        public string Value { get; set; }
    }

    public sealed class Role
    {
        public string Path { get; set; }
        public string RoleName { get; set; }
        public string RoleId { get; set; }
        public string Arn { get; set; }
        public DateTime? CreateDate { get; set; }
        /// <summary>The trust policy as JSON (decoded; IAM sends it URL-encoded).</summary>
        public string AssumeRolePolicyDocument { get; set; }
        public string Description { get; set; }
        public int? MaxSessionDuration { get; set; }
        public string PermissionsBoundaryArn { get; set; }
        /// <summary>Tags as GetRole returns them; ListRoles does not return tags.</summary>
        public List<Tag> Tags { get; set; } = new List<Tag>();
        public DateTime? RoleLastUsedDate { get; set; }
    }

    public sealed class CreateRoleRequest
    {
        public string RoleName { get; set; }
        public string AssumeRolePolicyDocument { get; set; }
        public string Description { get; set; }
        public string Path { get; set; }
        public int? MaxSessionDuration { get; set; }
        public List<Tag> Tags { get; set; }
    }

    public sealed class UpdateRoleRequest
    {
        public string RoleName { get; set; }
        public string Description { get; set; }
        public int? MaxSessionDuration { get; set; }
    }

    public sealed class AttachedPolicy
    {
        public string PolicyName { get; set; }
        public string PolicyArn { get; set; }
    }

    public sealed class ListAttachedRolePoliciesRequest
    {
        public string RoleName { get; set; }
        public string PathPrefix { get; set; }
        public string Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListAttachedRolePoliciesResponse
    {
        public List<AttachedPolicy> AttachedPolicies { get; set; } = new List<AttachedPolicy>();
        public bool IsTruncated { get; set; }
        public string Marker { get; set; }
    }

    public sealed class ListRolePoliciesRequest
    {
        public string RoleName { get; set; }
        public string Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListRolePoliciesResponse
    {
        public List<string> PolicyNames { get; set; } = new List<string>();
        public bool IsTruncated { get; set; }
        public string Marker { get; set; }
    }

    public sealed class GetRolePolicyResponse
    {
        public string RoleName { get; set; }
        public string PolicyName { get; set; }
        /// <summary>The policy as JSON (decoded; IAM sends it URL-encoded).</summary>
        public string PolicyDocument { get; set; }
    }

    public sealed class PutRolePolicyRequest
    {
        public string RoleName { get; set; }
        public string PolicyName { get; set; }
        public string PolicyDocument { get; set; }
    }

    public sealed class ListRoleTagsRequest
    {
        public string RoleName { get; set; }
        public string Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListRoleTagsResponse
    {
        public List<Tag> Tags { get; set; } = new List<Tag>();
        public bool IsTruncated { get; set; }
        public string Marker { get; set; }
    }

    public sealed class Policy
    {
        public string PolicyName { get; set; }
        public string PolicyId { get; set; }
        public string Arn { get; set; }
        public string Path { get; set; }
        public string DefaultVersionId { get; set; }
        public int? AttachmentCount { get; set; }
        public bool IsAttachable { get; set; }
        public string Description { get; set; }
        public DateTime? CreateDate { get; set; }
        public DateTime? UpdateDate { get; set; }
    }

    public sealed class ListRolesRequest
    {
        public string PathPrefix { get; set; }
        public string Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListRolesResponse
    {
        public List<Role> Roles { get; set; } = new List<Role>();
        public bool IsTruncated { get; set; }
        public string Marker { get; set; }
    }

    public sealed class InstanceProfile
    {
        public string InstanceProfileName { get; set; }
        public string InstanceProfileId { get; set; }
        public string Arn { get; set; }
        public string Path { get; set; }
    }

    public sealed class ListInstanceProfilesForRoleRequest
    {
        public string RoleName { get; set; }
        public string Marker { get; set; }
        public int? MaxItems { get; set; }
    }

    public sealed class ListInstanceProfilesForRoleResponse
    {
        public List<InstanceProfile> InstanceProfiles { get; set; } = new List<InstanceProfile>();
        public bool IsTruncated { get; set; }
        public string Marker { get; set; }
    }
}
