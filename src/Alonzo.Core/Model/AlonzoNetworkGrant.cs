namespace Alonzo
{
    /// <summary>An inbound rule that lets one security group reach another on a port.</summary>
    public sealed class AlonzoNetworkGrant
    {
        /// <summary>The group traffic comes from (the function's group).</summary>
        public string FromGroupId { get; set; }
        /// <summary>The group that gets the inbound rule (the database's or instance's group).</summary>
        public string ToGroupId { get; set; }
        public string Protocol { get; set; }
        public int Port { get; set; }
        public string VpcId { get; set; }
        public ResourceAction Action { get; set; }

        public override string ToString() => $"{ToGroupId} <- {FromGroupId} {Protocol}/{Port}";
    }
}
