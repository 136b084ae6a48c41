using System.Management.Automation;
using Alonzo.Network;

namespace Alonzo.Commands.Network
{
    /// <summary>Shows security groups: by id, by name, or all whose names match a wildcard (in one VPC with -VpcId).</summary>
    [Cmdlet(VerbsCommon.Get, "AlonzoSecurityGroup")]
    [OutputType(typeof(AlonzoSecurityGroup))]
    public sealed class GetAlonzoSecurityGroupCommand : AlonzoCmdlet
    {
        /// <summary>Group names (wildcards allowed) or ids (sg-...).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("GroupId")]
        [SupportsWildcards]
        public string[] Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string VpcId { get; set; }

        protected override void ProcessRecord()
        {
            var names = Name == null || Name.Length == 0 ? new[] { "*" } : Name;
            foreach (var name in names)
            {
                TryProcess(name, () =>
                {
                    if (VpcId != null) NetworkRules.VpcId(VpcId);
                    var operations = new SecurityGroupOperations(Context) { VpcId = VpcId };
                    if (WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                        WriteObject(Run(ct => operations.ListAsync(pattern.IsMatch, ct)), true);
                        return;
                    }
                    var group = Run(ct => operations.GetAsync(name, ct));
                    if (group == null)
                        throw new AlonzoOperationException("SecurityGroupNotFound", FailureKind.ObjectNotFound,
                            $"No security group '{name}'{(VpcId == null ? "" : " in " + VpcId)} in region {Context.Region}.",
                            "Check the name or id with Get-AlonzoSecurityGroup, or create the group with New-AlonzoSecurityGroup.");
                    WriteObject(group);
                });
            }
        }
    }
}
