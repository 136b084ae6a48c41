namespace Alonzo
{
    /// <summary>The outcome of one Invoke-AlonzoFunction call, remote or local (the same shape for both).</summary>
    public sealed class AlonzoInvocation
    {
        public string FunctionName { get; set; }
        public int StatusCode { get; set; }
        /// <summary>Null when the handler returned normally; "Unhandled" or "Handled" when it raised.</summary>
        public string FunctionError { get; set; }
        public string ExecutedVersion { get; set; }
        public string InvocationType { get; set; }
        /// <summary>The reply parsed from JSON (dictionaries, lists, numbers, strings), or the text when it is not JSON.</summary>
        public object Payload { get; set; }
        public string PayloadText { get; set; }
        /// <summary>The last 4 KB of the function's log for this call, decoded (RequestResponse only).</summary>
        public string LogTail { get; set; }
        public bool Succeeded => FunctionError == null && StatusCode >= 200 && StatusCode < 300;

        /// <summary>With FunctionError: the error's type from the payload (Runtime.ImportModuleError, KeyError, Sandbox.Timedout, ...).</summary>
        public string ErrorType { get; set; }
        /// <summary>With FunctionError: the error's message from the payload.</summary>
        public string ErrorMessage { get; set; }
        /// <summary>The REPORT figures of this invocation: from the log tail when remote, measured when local.</summary>
        public AlonzoInvocationReport Report { get; set; }
        /// <summary>The invocation's request id (the one in the START, END and REPORT lines).</summary>
        public string RequestId { get; set; }
        /// <summary>True when the handler ran on this machine (Invoke-AlonzoFunction -Local).</summary>
        public bool Local { get; set; }
        /// <summary>Local runs: the whole log of the invocation, from START (or INIT_START on a cold start) to REPORT.</summary>
        public string Log { get; set; }
        /// <summary>Local stream runs (-StreamName): the batch this invocation was given and what the mapping made of the reply.</summary>
        public AlonzoLocalBatch Batch { get; set; }

        public override string ToString() => RequestId ?? FunctionName;
    }

    /// <summary>A batch of records a local stream mapping handed the function, and what became of it.</summary>
    public sealed class AlonzoLocalBatch
    {
        public string StreamName { get; set; }
        public string ShardId { get; set; }
        public int RecordCount { get; set; }
        public string FirstSequenceNumber { get; set; }
        public string LastSequenceNumber { get; set; }
        /// <summary>1 for the first invocation with these records, 2 for the first retry, and so on (a bisected half starts again at its parent's count).</summary>
        public int Attempt { get; set; }
        /// <summary>
        /// Succeeded (checkpointed through LastSequenceNumber), PartiallySucceeded (the reply listed batch item
        /// failures; the records from RetryFromSequenceNumber on are retried), Retrying, Bisected (split in two
        /// halves that are retried), or Discarded (the retries are used up, or the records are too old).
        /// </summary>
        public string Outcome { get; set; }
        /// <summary>With PartiallySucceeded: the lowest sequence number the reply listed, where the retry starts.</summary>
        public string RetryFromSequenceNumber { get; set; }
        /// <summary>The itemIdentifier values of the reply's batchItemFailures (with ReportBatchItemFailures).</summary>
        public string[] BatchItemFailures { get; set; } = System.Array.Empty<string>();

        public override string ToString() => $"{ShardId} {FirstSequenceNumber}..{LastSequenceNumber} ({RecordCount}) {Outcome}";
    }
}
