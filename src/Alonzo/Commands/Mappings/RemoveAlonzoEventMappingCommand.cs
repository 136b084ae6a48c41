using System;
using System.Management.Automation;
using Alonzo.Mappings;

namespace Alonzo.Commands.Mappings
{
    /// <summary>Deletes an event source mapping; Lambda stops reading the stream for the function.</summary>
    [Cmdlet(VerbsCommon.Remove, "AlonzoEventMapping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAlonzoEventMappingCommand : AlonzoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string UUID { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Wait until the mapping is gone.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = (int)EventMappingOperations.DefaultTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            TryProcess(UUID, () =>
            {
                EventMappingSpec.Uuid(UUID);
                var operations = new EventMappingOperations(Context) { Timeout = TimeSpan.FromSeconds(TimeoutSec), Wait = Wait };
                operations.Info += PostVerbose;
                var plan = Run(ct => operations.PlanRemoveAsync(UUID, null, ct));
                Remove(operations, plan, UUID, Force, $"Event source mapping '{UUID}' does not exist in region {Context.Region}; nothing to delete.");
            });
        }
    }
}
