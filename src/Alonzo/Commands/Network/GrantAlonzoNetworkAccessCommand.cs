using System.Management.Automation;

namespace Alonzo.Commands.Network
{
    /// <summary>Lets one security group reach another on a port: adds the inbound rule if it is missing.</summary>
    [Cmdlet(VerbsSecurity.Grant, "AlonzoNetworkAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(AlonzoNetworkGrant))]
    public sealed class GrantAlonzoNetworkAccessCommand : NetworkAccessCmdlet
    {
        protected override void ProcessRecord()
        {
            var spec = Spec();
            TryProcess(spec.ToGroup, () =>
            {
                spec.Validate();
                var operations = Operations();
                var plan = Run(ct => operations.PlanAsync(spec, null, ct));
                Converge(operations, plan, plan.Name);
            });
        }
    }
}
