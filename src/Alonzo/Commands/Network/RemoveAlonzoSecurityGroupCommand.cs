using System;
using System.Management.Automation;
using Alonzo.Network;

namespace Alonzo.Commands.Network
{
    /// <summary>Deletes a security group, waiting while network interfaces Lambda keeps after a function left the VPC still use it.</summary>
    [Cmdlet(VerbsCommon.Remove, "AlonzoSecurityGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAlonzoSecurityGroupCommand : AlonzoCmdlet
    {
        /// <summary>The group's id (sg-...) or name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("GroupId")]
        [AllowEmptyString]
        public string Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string VpcId { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>How long to keep trying while EC2 answers DependencyViolation.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int TimeoutSec { get; set; } = (int)SecurityGroupOperations.DefaultRemoveTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            TryProcess(Name, () =>
            {
                NetworkRules.GroupNameOrId(Name);
                if (VpcId != null) NetworkRules.VpcId(VpcId);
                var operations = new SecurityGroupOperations(Context) { VpcId = VpcId, RemoveTimeout = TimeSpan.FromSeconds(TimeoutSec) };
                operations.Info += PostVerbose;
                var plan = Run(ct => operations.PlanRemoveAsync(Name, null, ct));
                Remove(operations, plan, Name, Force, $"Security group '{Name}' does not exist in region {Context.Region}; nothing to delete.");
            });
        }
    }
}
