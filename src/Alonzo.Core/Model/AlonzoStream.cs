using System;

namespace Alonzo
{
    /// <summary>A Kinesis data stream as Alonzo shows it. Binds by property name into later cmdlets.</summary>
    public sealed class AlonzoStream
    {
        public string StreamName { get; set; }
        public string StreamArn { get; set; }
        /// <summary>CREATING, ACTIVE, UPDATING or DELETING.</summary>
        public string Status { get; set; }
        /// <summary>PROVISIONED or ON_DEMAND.</summary>
        public string Mode { get; set; }
        public int ShardCount { get; set; }
        public int RetentionHours { get; set; }
        public string Encryption { get; set; }
        public string Region { get; set; }
        public DateTime? CreatedAt { get; set; }
        public ResourceAction Action { get; set; }
        /// <summary>The stream's tags, when they were read (plans read them); otherwise null.</summary>
        public System.Collections.Generic.Dictionary<string, string> Tags { get; set; }

        public override string ToString() => StreamName;
    }
}
