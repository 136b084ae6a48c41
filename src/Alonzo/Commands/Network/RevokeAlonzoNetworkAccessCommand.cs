using System.Management.Automation;

namespace Alonzo.Commands.Network
{
    /// <summary>Removes the inbound rule Grant-AlonzoNetworkAccess adds; a rule that is not there is not an error.</summary>
    [Cmdlet(VerbsSecurity.Revoke, "AlonzoNetworkAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RevokeAlonzoNetworkAccessCommand : NetworkAccessCmdlet
    {
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var spec = Spec();
            TryProcess(spec.ToGroup, () =>
            {
                spec.Validate();
                var operations = Operations();
                var plan = Run(ct => operations.PlanRevokeAsync(spec, ct));
                Remove(operations, plan, plan.Name, Force, $"No rule for {spec.Protocol} {spec.Port} into {spec.ToGroup} from {spec.FromGroup}; nothing to revoke.");
            });
        }
    }
}
