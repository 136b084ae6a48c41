using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;
using Alonzo.Commands.Hosting;
using Alonzo.Resources;
using Alonzo.Sessions;
using Alonzo.Validation;
using Alonzo.Waiting;

namespace Alonzo.Commands
{
    /// <summary>
    /// The common parameters and plumbing of every Alonzo cmdlet: AWS session resolution, a
    /// cancellation token cancelled by Ctrl+C, engine work awaited on the pipeline thread, Verbose
    /// lines before each remote call, progress for waits, and error records with stable ids.
    /// PowerShell disposes the cmdlet when its pipeline ends (normally, by an error or by Ctrl+C), and
    /// the cmdlet then disposes what it created: the AWS context with its clients, the scheduler and the
    /// cancellation source.
    /// </summary>
    public abstract class AlonzoCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private CommandScheduler _scheduler;
        private AlonzoContext _context;
        private int _progressId;
        private bool _disposed;

        static AlonzoCmdlet()
        {
            // Normally done by the module initializer; repeated here for hosts that load the assembly directly.
            ModuleLoader.Register();
        }

        /// <summary>The AWS region, for example eu-west-1. Defaults to AWS_REGION, AWS_DEFAULT_REGION or the profile's region.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.RegionCompleter))]
        public string Region { get; set; }

        /// <summary>A profile in the shared credentials or config file. Defaults to AWS_PROFILE, then 'default'.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ProfileCompleter))]
        public string ProfileName { get; set; }

        /// <summary>Send requests to this endpoint instead of AWS's (an emulator, a VPC endpoint, a proxy).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string EndpointUrl { get; set; }

        /// <summary>An access key: the access key id as the user name and the secret access key as the password.</summary>
        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>The AWS context, resolved on first use so that input validation comes first.</summary>
        protected AlonzoContext Context
        {
            get
            {
                if (_context != null) return _context;
                var options = new AwsSessionOptions { Region = Region, ProfileName = ProfileName, EndpointUrl = EndpointUrl };
                if (Credential != null)
                {
                    options.AccessKeyId = Credential.UserName;
                    options.SecretAccessKey = Credential.GetNetworkCredential().Password;
                }
                var session = AwsSession.Create(options);
                WriteVerbose($"Using region {session.Region} and credentials from {session.CredentialSource}.");
                _context = new AlonzoContext(session, new CallLines(PostVerbose, PostDebug), AlonzoDiagnostics.Handler) { RetryOverride = AlonzoDiagnostics.Retry };
                return _context;
            }
        }

        protected override void BeginProcessing()
        {
            _scheduler = new CommandScheduler();
        }

        protected override void StopProcessing()
        {
            // Runs on another thread while the pipeline thread may still use the context: only cancel
            // here; Dispose (after the pipeline has stopped) releases the rest.
            try
            {
                _stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed: nothing is running any more.
            }
        }

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Cmdlets that hold more (a record writer, a reader) release it here, then call the base.</summary>
        protected virtual void Dispose(bool disposing)
        {
            if (_disposed || !disposing) return;
            _disposed = true;
            _context?.Dispose();
            _scheduler?.Dispose();
            _stopping.Dispose();
        }

        /// <summary>Runs engine work to completion, pumping its Verbose/Progress/Warning output meanwhile.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            if (_scheduler == null) _scheduler = new CommandScheduler();
            try
            {
                return _scheduler.Run(() => work(StopToken));
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Run(Func<CancellationToken, Task> work) =>
            Run<bool>(async ct => { await work(ct).ConfigureAwait(false); return true; });

        /// <summary>Posts output-stream actions from engine callbacks (any thread) to the pipeline thread.</summary>
        protected void Post(Action action) => (_scheduler ?? (_scheduler = new CommandScheduler())).Post(action);

        protected void PostVerbose(string message) => Post(() => WriteVerbose(message));

        protected void PostDebug(string message) => Post(() => WriteDebug(message));

        /// <summary>Writes the Verbose/Warning/Progress lines engine work posted while no Run was waiting.</summary>
        protected void FlushPosted() => _scheduler?.Drain();

        protected void PostWarning(string message) => Post(() => WriteWarning(message));

        /// <summary>A progress sink that draws a bar for each wait, on the pipeline thread.</summary>
        protected IProgress<WaitProgress> CreateProgress()
        {
            int id = ++_progressId;
            return new SynchronousProgress<WaitProgress>(p => Post(() =>
            {
                var record = new ProgressRecord(id, p.Activity, $"{p.Status} ({p.Elapsed.TotalSeconds:0}s of at most {p.Timeout.TotalSeconds:0}s)")
                {
                    PercentComplete = p.PercentComplete,
                };
                WriteProgress(record);
            }));
        }

        protected void CompleteProgress(string activity)
        {
            for (int id = 1; id <= _progressId; id++)
                WriteProgress(new ProgressRecord(id, activity ?? "Done", "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>
        /// ShouldProcess where -Force skips the confirmation prompt but never beats -WhatIf, and an
        /// explicit -Confirm still prompts.
        /// </summary>
        protected bool ShouldChange(string target, string action, bool force)
        {
            if (force && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                if (IsWhatIf())
                {
                    ShouldProcess(target, action);
                    return false;
                }
                return true;
            }
            return ShouldProcess(target, action);
        }

        /// <summary>
        /// The converge template: asks ShouldProcess for the plan (for each change where the kind
        /// allows approving them one by one), applies exactly what was approved with progress for
        /// every wait, and writes the resource as it now is. An empty plan applies without asking
        /// (it makes no mutating call) so the output says Unchanged.
        /// </summary>
        protected void Converge<TSpec, TState>(IResourceOperations<TSpec, TState> operations, ResourcePlan plan, string target, bool force = false)
            where TState : class
        {
            var scope = Approve(plan, target);
            if (scope == null) return;
            scope.Force = force;
            scope.Progress = CreateProgress();
            var result = Run(ct => operations.ApplyAsync(plan, scope, ct));
            CompleteProgress(plan.Key.ToString());
            if (result != null) WriteObject(result);
        }

        /// <summary>The removal template: -WhatIf shows every teardown step; otherwise one confirmation (skipped by -Force), then the steps in order.</summary>
        protected void Remove<TSpec, TState>(IResourceOperations<TSpec, TState> operations, ResourcePlan plan, string target, bool force, string absent)
            where TState : class
        {
            if (plan.Action != PlanAction.Remove)
            {
                WriteVerbose(absent);
                return;
            }
            if (IsWhatIf())
            {
                ShowChanges(plan, target);
                return;
            }
            if (!ShouldChange(target, Headline(plan), force)) return;
            var scope = new ResourceScope { Progress = CreateProgress() };
            Run(ct => operations.ApplyAsync(plan, scope, ct));
            CompleteProgress(plan.Key.ToString());
        }

        /// <summary>Asks for a plan's changes; null when nothing is to be applied (declined, or -WhatIf).</summary>
        protected ResourceScope Approve(ResourcePlan plan, string target)
        {
            if (plan.IsEmpty) return new ResourceScope();
            // Updates are approved change by change; creating, replacing or removing a resource is one decision.
            if (!plan.ApprovedPerChange && plan.Action != PlanAction.Update)
                return ShouldProcess(target, Headline(plan)) ? new ResourceScope() : null;

            bool whatIf = IsWhatIf();
            var approved = new HashSet<ChangeId>();
            foreach (var change in plan.Changes)
            {
                if (change.IsPartOfCreate) continue;
                if (ShouldProcess(target, change.Summary))
                    approved.Add(change.Id);
                else if (change.Operation == ChangeOperation.Create && !whatIf)
                    return null; // Without the resource nothing else can be done.
            }
            if (whatIf || approved.Count == 0) return null;
            return new ResourceScope { Approve = approved.Contains };
        }

        /// <summary>What a confirmation prompt says of a plan: the create or delete itself, or every change of an update.</summary>
        protected static string Headline(ResourcePlan plan)
        {
            if (plan.Action == PlanAction.Create)
                foreach (var change in plan.Changes)
                    if (change.Operation == ChangeOperation.Create) return change.Summary;
            if (plan.Action == PlanAction.Remove)
            {
                var delete = plan.Changes.FirstOrDefault(c => c.Operation == ChangeOperation.Delete);
                var before = plan.Changes.TakeWhile(c => c.Operation != ChangeOperation.Delete).Select(c => c.Summary).ToList();
                if (delete != null)
                    return before.Count == 0 ? delete.Summary : $"{delete.Summary}, after: {string.Join("; ", before)}";
            }
            return string.Join("; ", plan.Describe());
        }

        /// <summary>-WhatIf: one PowerShell "What if" line for each change of a plan.</summary>
        protected void ShowChanges(ResourcePlan plan, string target)
        {
            foreach (var change in plan.Changes) ShouldProcess(target, change.Summary);
        }

        protected bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value))
                return LanguagePrimitives.IsTrue(value);
            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        /// <summary>True when the caller gave the parameter (a value type's default cannot tell).</summary>
        protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        /// <summary>Writes a non-terminating error for one item: stable id, specific category, the item as target.</summary>
        protected void WriteFailure(Exception exception, object target)
        {
            WriteError(ErrorRecords.From(exception, target));
        }

        /// <summary>For impossible parameter combinations only.</summary>
        protected void ThrowParameterError(string errorId, string message, object target)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
        }

        /// <summary>Runs one item's work, turning its failure into a non-terminating error.</summary>
        protected bool TryProcess(object target, Action action)
        {
            try
            {
                action();
                return true;
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                WriteFailure(e, target);
                return false;
            }
        }

        protected static Dictionary<string, string> ToStringDictionary(System.Collections.IDictionary table)
        {
            if (table == null) return null;
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry entry in table)
                result[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)] =
                    entry.Value == null ? "" : Convert.ToString(LanguagePrimitives.ConvertTo<string>(entry.Value), System.Globalization.CultureInfo.InvariantCulture);
            return result;
        }

        /// <summary>IProgress that calls back synchronously (Progress&lt;T&gt; would post to a sync context we do not have).</summary>
        private sealed class SynchronousProgress<T> : IProgress<T>
        {
            private readonly Action<T> _report;
            public SynchronousProgress(Action<T> report) { _report = report; }
            public void Report(T value) => _report(value);
        }
    }
}
