#nullable enable
using System.Collections.Generic;

// The EC2 shapes Alonzo's networking uses, as plain types: callers (and their test fakes) never need
// AWSSDK.EC2. Names follow the EC2 API; tags are a key-to-value map.
namespace Alonzo.Aws.Ec2
{
    /// <summary>One Describe* filter: a name from the API reference (vpc-id, group-name, association.subnet-id) and the values any of which match.</summary>
    public sealed class Ec2Filter
    {
        public Ec2Filter()
        {
        }

        public Ec2Filter(string name, params string[] values)
        {
            Name = name;
            Values = new List<string>(values);
        }

        public string Name { get; set; } = "";
        public List<string> Values { get; set; } = new List<string>();
    }

    /// <summary>Which resources a Describe* call returns: these ids (all when empty), narrowed by the filters.</summary>
    public sealed class Ec2Query
    {
        public List<string> Ids { get; set; } = new List<string>();
        public List<Ec2Filter> Filters { get; set; } = new List<Ec2Filter>();

        public static Ec2Query ById(params string[] ids) => new Ec2Query { Ids = new List<string>(ids) };

        public static Ec2Query Where(params Ec2Filter[] filters) => new Ec2Query { Filters = new List<Ec2Filter>(filters) };
    }

    public sealed class Ec2Vpc
    {
        public string VpcId { get; set; } = "";
        public string? CidrBlock { get; set; }
        public bool IsDefault { get; set; }
        public string? State { get; set; }
        public string? OwnerId { get; set; }
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    }

    public sealed class Ec2Subnet
    {
        public string SubnetId { get; set; } = "";
        public string VpcId { get; set; } = "";
        public string? AvailabilityZone { get; set; }
        public string? AvailabilityZoneId { get; set; }
        public string? CidrBlock { get; set; }
        public int? AvailableIpAddressCount { get; set; }
        public string? State { get; set; }
        public bool DefaultForAz { get; set; }
        public bool MapPublicIpOnLaunch { get; set; }
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    }

    public sealed class Ec2SecurityGroup
    {
        public string GroupId { get; set; } = "";
        public string GroupName { get; set; } = "";
        public string? Description { get; set; }
        public string? VpcId { get; set; }
        public string? OwnerId { get; set; }
        public List<Ec2IpPermission> Ingress { get; set; } = new List<Ec2IpPermission>();
        public List<Ec2IpPermission> Egress { get; set; } = new List<Ec2IpPermission>();
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    }

    /// <summary>A rule set for one protocol and port range: "tcp" 443-443, or "-1" for all traffic (ports null).</summary>
    public sealed class Ec2IpPermission
    {
        public string IpProtocol { get; set; } = "tcp";
        public int? FromPort { get; set; }
        public int? ToPort { get; set; }
        public List<Ec2IpRange> Ipv4Ranges { get; set; } = new List<Ec2IpRange>();
        public List<Ec2IpRange> Ipv6Ranges { get; set; } = new List<Ec2IpRange>();
        /// <summary>Other security groups as the source (UserIdGroupPairs).</summary>
        public List<Ec2GroupReference> Groups { get; set; } = new List<Ec2GroupReference>();
        public List<Ec2PrefixListReference> PrefixLists { get; set; } = new List<Ec2PrefixListReference>();
    }

    public sealed class Ec2IpRange
    {
        public Ec2IpRange()
        {
        }

        public Ec2IpRange(string cidr, string? description = null)
        {
            Cidr = cidr;
            Description = description;
        }

        public string Cidr { get; set; } = "";
        public string? Description { get; set; }
    }

    public sealed class Ec2GroupReference
    {
        public Ec2GroupReference()
        {
        }

        public Ec2GroupReference(string groupId, string? description = null)
        {
            GroupId = groupId;
            Description = description;
        }

        public string GroupId { get; set; } = "";
        /// <summary>The account that owns the group, for a group of another account.</summary>
        public string? UserId { get; set; }
        public string? Description { get; set; }
    }

    public sealed class Ec2PrefixListReference
    {
        public string PrefixListId { get; set; } = "";
        public string? Description { get; set; }
    }

    public sealed class Ec2RouteTable
    {
        public string RouteTableId { get; set; } = "";
        public string VpcId { get; set; } = "";
        public List<Ec2RouteTableAssociation> Associations { get; set; } = new List<Ec2RouteTableAssociation>();
        public List<Ec2Route> Routes { get; set; } = new List<Ec2Route>();
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    }

    public sealed class Ec2RouteTableAssociation
    {
        public string? RouteTableAssociationId { get; set; }
        /// <summary>The VPC's main table: it serves every subnet that has no table of its own.</summary>
        public bool Main { get; set; }
        public string? SubnetId { get; set; }
        public string? GatewayId { get; set; }
    }

    /// <summary>A route: its destination and the one target it sends to (only that target's id is set).</summary>
    public sealed class Ec2Route
    {
        public string? DestinationCidrBlock { get; set; }
        public string? DestinationIpv6CidrBlock { get; set; }
        public string? DestinationPrefixListId { get; set; }
        /// <summary>An internet gateway (igw-), a virtual private gateway (vgw-), or "local".</summary>
        public string? GatewayId { get; set; }
        public string? NatGatewayId { get; set; }
        public string? TransitGatewayId { get; set; }
        public string? VpcPeeringConnectionId { get; set; }
        public string? NetworkInterfaceId { get; set; }
        public string? InstanceId { get; set; }
        public string? EgressOnlyInternetGatewayId { get; set; }
        /// <summary>active, or blackhole when the target is gone.</summary>
        public string? State { get; set; }
    }

    public sealed class Ec2NetworkInterface
    {
        public string NetworkInterfaceId { get; set; } = "";
        /// <summary>available, in-use, attaching, detaching, associated.</summary>
        public string? Status { get; set; }
        /// <summary>Lambda's read "AWS Lambda VPC ENI-&lt;function&gt;-...".</summary>
        public string? Description { get; set; }
        public string? InterfaceType { get; set; }
        public string? SubnetId { get; set; }
        public string? VpcId { get; set; }
        public string? PrivateIpAddress { get; set; }
        /// <summary>The service that manages the interface (Lambda's ENIs are requester-managed).</summary>
        public string? RequesterId { get; set; }
        public bool RequesterManaged { get; set; }
        public List<string> GroupIds { get; set; } = new List<string>();
        public string? AttachmentId { get; set; }
        public string? AttachmentStatus { get; set; }
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    }

    public sealed class Ec2CreateSecurityGroupRequest
    {
        public string GroupName { get; set; } = "";
        public string Description { get; set; } = "";
        public string? VpcId { get; set; }
        /// <summary>Tags set at creation (TagSpecifications), so the group is never seen untagged.</summary>
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    }
}
