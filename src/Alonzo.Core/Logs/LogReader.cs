using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Logs;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;

namespace Alonzo.Logs
{
    /// <summary>
    /// Reads a function's CloudWatch log group (/aws/lambda/&lt;name&gt;) across all its streams in time
    /// order with FilterLogEvents, following every page, and optionally keeps polling for new events
    /// (tail) until cancelled.
    /// </summary>
    public sealed class LogReader
    {
        private readonly AlonzoContext _context;

        public LogReader(AlonzoContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>Messages for Verbose.</summary>
        public event Action<string> Info;
        /// <summary>Results that may be incomplete.</summary>
        public event Action<string> Warning;

        /// <summary>How long to wait between polls when following.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1.5);

        /// <summary>
        /// Each poll starts this far before the newest event seen, because events of one execution
        /// environment can reach CloudWatch later than those of another. Events already written are
        /// recognised by their id and not written again.
        /// </summary>
        public TimeSpan FollowLookback { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Events per FilterLogEvents page; null leaves it to the service (up to 10,000 or 1 MB).</summary>
        public int? PageSize { get; set; }

        /// <summary>
        /// FilterLogEvents can answer with empty pages and a next token while it searches a large
        /// group, sometimes the very same token again. A pass stops after this many pages in a row
        /// that brought nothing new, with a warning.
        /// </summary>
        public int MaxEmptyPages { get; set; } = 100;

        /// <summary>A pass also stops when the service hands back the same token this many times in a row without new events.</summary>
        public int MaxRepeatedToken { get; set; } = 5;

        /// <summary>The clock (UTC); tests replace it.</summary>
        public Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

        /// <summary>The wait between polls; tests replace it.</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (delay, token) => Task.Delay(delay, token);

        private ILogsClient Logs => _context.Logs;

        /// <summary>Reads the query's time range once and returns the events in time order.</summary>
        public async Task<List<AlonzoLogEvent>> ReadAsync(LogQuery query, CancellationToken cancellationToken)
        {
            var events = new List<AlonzoLogEvent>();
            await ReadAsync(query, events.Add, cancellationToken).ConfigureAwait(false);
            return events;
        }

        /// <summary>Reads the query's time range once, handing each event to <paramref name="onEvent"/> as its page arrives.</summary>
        public Task ReadAsync(LogQuery query, Action<AlonzoLogEvent> onEvent, CancellationToken cancellationToken) =>
            RunAsync(query, onEvent, false, cancellationToken);

        /// <summary>
        /// Reads the query's time range, then keeps polling every <see cref="PollInterval"/> for newer
        /// events until <paramref name="cancellationToken"/> is cancelled (then throws OperationCanceledException).
        /// </summary>
        public Task FollowAsync(LogQuery query, Action<AlonzoLogEvent> onEvent, CancellationToken cancellationToken) =>
            RunAsync(query, onEvent, true, cancellationToken);

        private async Task RunAsync(LogQuery query, Action<AlonzoLogEvent> onEvent, bool follow, CancellationToken cancellationToken)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            if (onEvent == null) throw new ArgumentNullException(nameof(onEvent));
            query.Validate();

            var state = new ReadState(query, LogTime.ToEpochMilliseconds(query.ResolveStart(Clock())),
                query.Until.HasValue ? LogTime.ToEpochMilliseconds(query.Until.Value) : (long?)null, onEvent);
            Info?.Invoke($"Reading log group '{state.LogGroupName}' from {LogTime.FromEpochMilliseconds(state.Start):yyyy-MM-dd HH:mm:ss} UTC" +
                (state.End.HasValue ? $" to {LogTime.FromEpochMilliseconds(state.End.Value):yyyy-MM-dd HH:mm:ss} UTC" : "") +
                (state.FilterPattern != null ? $", filter {state.FilterPattern}" : "") + ".");

            await PassAsync(state, state.Start, cancellationToken).ConfigureAwait(false);
            if (!follow) return;

            long lookback = (long)FollowLookback.TotalMilliseconds;
            Info?.Invoke($"Following '{state.LogGroupName}': polling every {PollInterval.TotalSeconds:0.#} s until stopped.");
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                long from = Math.Max(state.Start, state.Newest - lookback);
                state.Forget(from);
                await PassAsync(state, from, cancellationToken).ConfigureAwait(false);
                if (state.End.HasValue && LogTime.ToEpochMilliseconds(Clock()) > state.End.Value) return;
            }
        }

        /// <summary>One FilterLogEvents series from <paramref name="from"/>: every page until the token runs out.</summary>
        private async Task PassAsync(ReadState state, long from, CancellationToken cancellationToken)
        {
            string token = null;
            int emptyPages = 0, repeats = 0, pages = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var request = new FilterLogEventsRequest
                {
                    LogGroupName = state.LogGroupName,
                    StartTime = from,
                    EndTime = state.End,
                    FilterPattern = state.FilterPattern,
                    NextToken = token,
                    Limit = PageSize,
                    // Ignored by AWS (always interleaved); emulators need it to merge the streams by time.
                    Interleaved = true,
                };
                FilterLogEventsResponse page;
                try
                {
                    page = await Logs.FilterLogEventsAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsResourceNotFoundException e)
                {
                    throw NotFound(state, e);
                }
                pages++;

                int fresh = 0;
                // Stable sort: the service interleaves already; this only guards against endpoints that do not.
                foreach (var item in (page.Events ?? new List<FilteredLogEvent>()).OrderBy(x => x.Timestamp))
                {
                    if (state.Emit(item)) fresh++;
                }

                string next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
                if (next == null) return;
                if (fresh == 0)
                {
                    emptyPages++;
                    repeats = next == token ? repeats + 1 : 0;
                    if (repeats >= MaxRepeatedToken || emptyPages >= MaxEmptyPages)
                    {
                        Warning?.Invoke($"Stopped reading '{state.LogGroupName}' after {pages} page(s): CloudWatch Logs kept answering " +
                            (repeats >= MaxRepeatedToken ? $"with the same next token and no events ({repeats} times)" : $"with {emptyPages} pages in a row without new events") +
                            ". Events may be missing; narrow the time range with -Since or -Last.");
                        return;
                    }
                }
                else
                {
                    emptyPages = 0;
                    repeats = 0;
                }
                token = next;
            }
        }

        private AlonzoOperationException NotFound(ReadState state, Exception inner)
        {
            string who = state.FunctionName != null
                ? $"the function '{state.FunctionName}' has not logged yet, or does not exist"
                : "check the name";
            return new AlonzoOperationException("LogGroupNotFound", FailureKind.ObjectNotFound,
                $"No log group '{state.LogGroupName}' in region {_context.Region}: {who}.",
                state.FunctionName != null
                    ? "Invoke the function once (Invoke-AlonzoFunction), check the name and region with Get-AlonzoFunction, or pass -LogGroupName when the function logs to a custom group."
                    : "Check the log group name and the region.",
                inner);
        }

        /// <summary>What one read has seen: the events already written (by id) and the newest time.</summary>
        private sealed class ReadState
        {
            private readonly Action<AlonzoLogEvent> _onEvent;
            private readonly Dictionary<string, long> _seen = new Dictionary<string, long>(StringComparer.Ordinal);

            public ReadState(LogQuery query, long start, long? end, Action<AlonzoLogEvent> onEvent)
            {
                LogGroupName = query.ResolveLogGroupName();
                FunctionName = string.IsNullOrEmpty(query.FunctionName) ? null : query.FunctionShortName;
                FilterPattern = query.ResolveFilterPattern();
                Start = start;
                End = end;
                Newest = start;
                _onEvent = onEvent;
            }

            public string LogGroupName { get; }
            public string FunctionName { get; }
            public string FilterPattern { get; }
            public long Start { get; }
            public long? End { get; }
            public long Newest { get; private set; }

            /// <summary>Writes the event unless it was written before; true when it was new.</summary>
            public bool Emit(FilteredLogEvent item)
            {
                string key = item.EventId ?? $"{item.LogStreamName}\u0001{item.Timestamp}\u0001{item.Message}";
                if (_seen.ContainsKey(key)) return false;
                _seen[key] = item.Timestamp;
                if (item.Timestamp > Newest) Newest = item.Timestamp;
                _onEvent(new AlonzoLogEvent
                {
                    Timestamp = LogTime.FromEpochMilliseconds(item.Timestamp),
                    IngestionTime = LogTime.FromEpochMilliseconds(item.IngestionTime),
                    Message = TrimLineEnd(item.Message),
                    LogStream = item.LogStreamName,
                    EventId = item.EventId,
                    FunctionName = FunctionName,
                    LogGroupName = LogGroupName,
                });
                return true;
            }

            /// <summary>Drops the ids of events before <paramref name="from"/>: no later poll can return them.</summary>
            public void Forget(long from)
            {
                if (_seen.Count == 0) return;
                foreach (var key in _seen.Where(p => p.Value < from).Select(p => p.Key).ToList())
                    _seen.Remove(key);
            }
        }

        internal static string TrimLineEnd(string message) => message?.TrimEnd('\n', '\r');
    }
}
