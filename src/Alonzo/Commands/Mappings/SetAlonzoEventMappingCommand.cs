using System;
using System.Management.Automation;
using Alonzo.Mappings;

namespace Alonzo.Commands.Mappings
{
    /// <summary>Enables or disables an event source mapping and waits until it is.</summary>
    [Cmdlet(VerbsCommon.Set, "AlonzoEventMapping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AlonzoEventMapping))]
    public sealed class SetAlonzoEventMappingCommand : AlonzoCmdlet
    {
        private const string EnableSet = "Enable";
        private const string DisableSet = "Disable";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string UUID { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = EnableSet)]
        public SwitchParameter Enabled { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = DisableSet)]
        public SwitchParameter Disabled { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = (int)EventMappingOperations.DefaultTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            TryProcess(UUID, () =>
            {
                EventMappingSpec.Uuid(UUID);
                bool enable = ParameterSetName == EnableSet;
                if (!ShouldProcess(UUID, enable ? "Enable event source mapping" : "Disable event source mapping"))
                    return;
                var operations = new EventMappingOperations(Context) { Timeout = TimeSpan.FromSeconds(TimeoutSec) };
                operations.Info += PostVerbose;
                var progress = CreateProgress();
                var mapping = Run(ct => operations.SetEnabledAsync(UUID, enable, progress, ct));
                CompleteProgress("Event mapping");
                WriteObject(mapping);
            });
        }
    }
}
