using System;
using System.Management.Automation;
using Alonzo.Streams;
using Alonzo.Validation;

namespace Alonzo.Commands.Streams
{
    /// <summary>Deletes a Kinesis stream (and, with -Wait, waits until it is gone).</summary>
    [Cmdlet(VerbsCommon.Remove, "AlonzoStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAlonzoStreamCommand : AlonzoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("StreamName")]
        [ArgumentCompleter(typeof(Completers.StreamNameCompleter))]
        [AllowEmptyString]
        public string Name { get; set; }

        /// <summary>Skip the confirmation prompt (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Wait until the stream is gone, so its name can be reused at once.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Also delete registered enhanced fan-out consumers.</summary>
        [Parameter]
        public SwitchParameter EnforceConsumerDeletion { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = (int)StreamOperations.DefaultTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            TryProcess(Name, () =>
            {
                NameRules.StreamName(Name);
                var operations = new StreamOperations(Context) { Wait = Wait, Timeout = TimeSpan.FromSeconds(TimeoutSec), EnforceConsumerDeletion = EnforceConsumerDeletion };
                operations.Info += PostVerbose;
                var plan = Run(ct => operations.PlanRemoveAsync(Name, null, ct));
                Remove(operations, plan, Name, Force, $"Stream '{Name}' does not exist in region {Context.Region}; nothing to delete.");
            });
        }
    }
}
