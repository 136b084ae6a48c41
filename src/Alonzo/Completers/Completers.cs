using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;
using Alonzo.Streams;

namespace Alonzo.Commands.Completers
{
    /// <summary>Shared shape of Alonzo's completers: filter candidates by the typed prefix, quote when needed.</summary>
    public abstract class CompleterBase : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            IEnumerable<string> candidates;
            try
            {
                candidates = GetCandidates(fakeBoundParameters) ?? Enumerable.Empty<string>();
            }
            catch (Exception)
            {
                // Completion must never throw into the user's typing.
                yield break;
            }
            foreach (var c in candidates.Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(c => c, StringComparer.OrdinalIgnoreCase))
            {
                string text = c.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',' }) >= 0 ? "'" + c.Replace("'", "''") + "'" : c;
                yield return new CompletionResult(text, c, CompletionResultType.ParameterValue, c);
            }
        }

        protected abstract IEnumerable<string> GetCandidates(IDictionary boundParameters);

        /// <summary>An AWS context built from the common parameters already typed on the command line; dispose it when done.</summary>
        protected static AlonzoContext ContextFrom(IDictionary bound)
        {
            string Get(string key) => bound != null && bound.Contains(key) ? bound[key] as string : null;
            var session = AwsSession.Create(new AwsSessionOptions { Region = Get("Region"), ProfileName = Get("ProfileName"), EndpointUrl = Get("EndpointUrl") });
            var context = new AlonzoContext(session);
            // Completion should answer quickly or not at all.
            context.RetryOverride = AwsRetryRules.NoRetry();
            return context;
        }
    }

    /// <summary>Region names known to AWSSDK.Core.</summary>
    public sealed class RegionCompleter : CompleterBase
    {
        protected override IEnumerable<string> GetCandidates(IDictionary boundParameters) =>
            AwsConfigurationCatalog.RegionNames();
    }

    /// <summary>Profiles from the shared credentials and config files.</summary>
    public sealed class ProfileCompleter : CompleterBase
    {
        protected override IEnumerable<string> GetCandidates(IDictionary boundParameters) =>
            AwsConfigurationCatalog.ProfileNames();
    }

    /// <summary>Stream names from the account and region in use.</summary>
    public sealed class StreamNameCompleter : CompleterBase
    {
        protected override IEnumerable<string> GetCandidates(IDictionary boundParameters)
        {
            using (var context = ContextFrom(boundParameters))
            using (var cts = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(5)))
                return new StreamOperations(context).ListAsync(null, false, cts.Token).GetAwaiter().GetResult().Select(s => s.StreamName).ToList();
        }
    }
}
