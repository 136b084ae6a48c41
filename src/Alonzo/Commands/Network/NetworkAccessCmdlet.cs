using System.Management.Automation;
using Alonzo.Network;

namespace Alonzo.Commands.Network
{
    /// <summary>The parameters Grant- and Revoke-AlonzoNetworkAccess share: two groups (ids, names or group objects) and a port.</summary>
    public abstract class NetworkAccessCmdlet : AlonzoCmdlet
    {
        /// <summary>The group traffic comes from (the function's group): an id, a name, or a group object.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("From")]
        public object FromSecurityGroup { get; set; }

        /// <summary>The group that gets the inbound rule (the database's or instance's group).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [Alias("To")]
        public object ToSecurityGroup { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        [Parameter]
        [ValidateSet("tcp", "udp")]
        public string Protocol { get; set; } = "tcp";

        /// <summary>The VPC of groups given by name.</summary>
        [Parameter]
        public string VpcId { get; set; }

        protected NetworkGrantSpec Spec() => new NetworkGrantSpec
        {
            FromGroup = GroupOf(FromSecurityGroup),
            ToGroup = GroupOf(ToSecurityGroup),
            Port = Port,
            Protocol = Protocol,
        };

        protected NetworkGrantOperations Operations()
        {
            if (VpcId != null) NetworkRules.VpcId(VpcId);
            var operations = new NetworkGrantOperations(Context) { VpcId = VpcId };
            operations.Info += PostVerbose;
            operations.Warning += PostWarning;
            return operations;
        }

        /// <summary>A group object's GroupId, or the text given (an id or a name).</summary>
        private static string GroupOf(object value)
        {
            var inner = value is PSObject ps ? ps.BaseObject : value;
            if (inner is AlonzoSecurityGroup group) return group.GroupId;
            if (inner is string text) return text;
            var property = value is PSObject wrapped ? wrapped.Properties["GroupId"] : PSObject.AsPSObject(value).Properties["GroupId"];
            return property?.Value?.ToString() ?? value?.ToString();
        }
    }
}
