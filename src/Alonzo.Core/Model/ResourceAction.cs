namespace Alonzo
{
    /// <summary>What a converging command did to a resource.</summary>
    public enum ResourceAction
    {
        /// <summary>Only read; nothing was changed.</summary>
        None,
        Created,
        Updated,
        Unchanged,
        Deleted,
        Replaced,
    }
}
