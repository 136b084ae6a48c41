using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Alonzo.Pipelines;
using Alonzo.Resources;

namespace Alonzo.Commands.Pipelines
{
    /// <summary>The spec parameters of the pipeline cmdlets: a .psd1 file or a hashtable, read and checked whole before any call.</summary>
    public abstract class PipelineCmdlet : AlonzoCmdlet
    {
        protected const string PathSet = "Path";
        protected const string SpecSet = "Spec";

        /// <summary>A pipeline spec file (.psd1). Paths inside it are relative to its folder.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        public string Path { get; set; }

        /// <summary>A pipeline spec as a hashtable. Paths inside it are relative to the current folder.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SpecSet)]
        public IDictionary Spec { get; set; }

        /// <summary>How long each wait may take.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 300;

        /// <summary>A name that is a .psd1 file: a spec given by position where a pipeline name is expected.</summary>
        protected static bool IsSpecFile(string name) =>
            name != null && name.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase);

        protected PipelineSpec ReadSpec()
        {
            if (Spec != null && Path == null)
                return PipelineSpec.Parse(PowerShellValues.ToPlain(Spec), SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            string file = GetUnresolvedProviderPathFromPSPath(Path);
            if (!File.Exists(file))
                throw new AlonzoOperationException("PipelineSpecNotFound", FailureKind.ObjectNotFound,
                    $"-Path: the spec file '{file}' does not exist.", "Give the path of a .psd1 pipeline spec (see examples/ and Get-Help about_Alonzo_Pipelines).");
            object data;
            try
            {
                // A data file: no commands run while it is read.
                data = InvokeCommand.InvokeScript("param($p) Import-PowerShellDataFile -LiteralPath $p", true, PipelineResultTypes.None, null, file)
                    .Select(o => o?.BaseObject).FirstOrDefault();
            }
            catch (RuntimeException e)
            {
                throw new AlonzoOperationException("PipelineSpecInvalid", FailureKind.InvalidArgument,
                    $"-Path: '{file}' is not a PowerShell data file: {e.Message}", "A spec is a .psd1 holding one hashtable (see examples/).", e);
            }
            return PipelineSpec.Parse(PowerShellValues.ToPlain(data), System.IO.Path.GetDirectoryName(file));
        }

        protected PipelineOperations Operations()
        {
            var operations = new PipelineOperations(Context) { Timeout = TimeSpan.FromSeconds(TimeoutSec) };
            operations.Info += PostVerbose;
            operations.Warning += PostWarning;
            return operations;
        }

        /// <summary>Reads the spec and plans it (read calls only).</summary>
        protected PipelinePlan PlanSpec(bool adopt, out PipelineSpec spec, out PipelineOperations operations)
        {
            var read = ReadSpec();
            var ops = Operations();
            ops.Adopt = adopt;
            spec = read;
            operations = ops;
            return Run(ct => ops.PlanAsync(read, ct));
        }

        /// <summary>-WhatIf: every change of every plan, one PowerShell "What if" line each.</summary>
        protected void ShowPlan(PipelinePlan plan)
        {
            foreach (var resource in plan.Plans.Where(p => !p.IsEmpty))
                ShowChanges(resource, resource.Key.ToString());
        }
    }
}
