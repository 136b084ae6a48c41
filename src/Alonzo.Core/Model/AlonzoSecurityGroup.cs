using System.Collections.Generic;

namespace Alonzo
{
    /// <summary>An EC2 security group as Alonzo shows it. Binds by property name (GroupId, VpcId) into later cmdlets.</summary>
    public sealed class AlonzoSecurityGroup
    {
        public string GroupId { get; set; }
        public string GroupName { get; set; }
        public string VpcId { get; set; }
        public string Description { get; set; }
        public string OwnerId { get; set; }
        public string Region { get; set; }
        /// <summary>Inbound rules, one line each: "tcp 5432 from sg-0123", "-1 all from 10.0.0.0/16".</summary>
        public List<string> IngressRules { get; set; } = new List<string>();
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
        public ResourceAction Action { get; set; }
        /// <summary>What the command did, in the past tense; empty when nothing changed.</summary>
        public List<string> Changes { get; set; } = new List<string>();

        public override string ToString() => GroupId;
    }
}
