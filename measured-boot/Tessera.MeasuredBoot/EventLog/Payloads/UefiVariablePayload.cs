using Tessera.MeasuredBoot.Text;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// UEFI_VARIABLE_DATA (TCG PFP 1.06 section 10.4.2; EV_EFI_VARIABLE_DRIVER_CONFIG, EV_EFI_VARIABLE_BOOT,
/// EV_EFI_VARIABLE_BOOT2, EV_EFI_VARIABLE_AUTHORITY): UEFI_GUID VariableName; UINT64 UnicodeNameLength
/// (in CHAR16); UINT64 VariableDataLength (bytes); CHAR16 UnicodeName[]; INT8 VariableData[].
/// </summary>
public sealed class UefiVariablePayload : EventPayload
{
    public UefiVariablePayload(EfiGuid vendorGuid, ulong unicodeNameLength, ulong variableDataLength, string unicodeName, byte[] variableData,
        EfiLoadOption? loadOption)
    {
        LoadOption = loadOption;
        VendorGuid = vendorGuid;
        UnicodeNameLength = unicodeNameLength;
        VariableDataLength = variableDataLength;
        UnicodeName = unicodeName;
        VariableData = variableData;
    }

    /// <summary>The vendor GUID (the spec calls the field "VariableName"), e.g. 8BE4DF61-93CA-11D2-AA0D-00E098032B8C for EFI global variables.</summary>
    public EfiGuid VendorGuid { get; }

    public ulong UnicodeNameLength { get; }

    public ulong VariableDataLength { get; }

    /// <summary>The variable name, e.g. "SecureBoot", "Boot0000", "db".</summary>
    public string UnicodeName { get; }

    public byte[] VariableData { get; }

    /// <summary>For Boot#### variables whose data is a well-formed EFI_LOAD_OPTION: the decoded option; otherwise null.</summary>
    public EfiLoadOption? LoadOption { get; }
}
