namespace Tessera.MeasuredBoot.EventLog;

/// <summary>
/// Event types of TCG and CC event logs with their standard names.
/// TCG PC Client Platform Firmware Profile Specification, version 1.06, section 10.4.1
/// "Event Types" (Table 9); the EFI-specific ones start at EV_EFI_EVENT_BASE (0x80000000).
/// </summary>
public static class EventType
{
    public const uint PrebootCert = 0x00000000;
    public const uint PostCode = 0x00000001;
    public const uint Unused = 0x00000002;
    public const uint NoAction = 0x00000003;
    public const uint Separator = 0x00000004;
    public const uint Action = 0x00000005;
    public const uint EventTag = 0x00000006;
    public const uint SCrtmContents = 0x00000007;
    public const uint SCrtmVersion = 0x00000008;
    public const uint CpuMicrocode = 0x00000009;
    public const uint PlatformConfigFlags = 0x0000000A;
    public const uint TableOfDevices = 0x0000000B;
    public const uint CompactHash = 0x0000000C;
    public const uint Ipl = 0x0000000D;
    public const uint IplPartitionData = 0x0000000E;
    public const uint NonhostCode = 0x0000000F;
    public const uint NonhostConfig = 0x00000010;
    public const uint NonhostInfo = 0x00000011;
    public const uint OmitBootDeviceEvents = 0x00000012;
    public const uint PostCode2 = 0x00000013;

    public const uint EfiEventBase = 0x80000000;
    public const uint EfiVariableDriverConfig = 0x80000001;
    public const uint EfiVariableBoot = 0x80000002;
    public const uint EfiBootServicesApplication = 0x80000003;
    public const uint EfiBootServicesDriver = 0x80000004;
    public const uint EfiRuntimeServicesDriver = 0x80000005;
    public const uint EfiGptEvent = 0x80000006;
    public const uint EfiAction = 0x80000007;
    public const uint EfiPlatformFirmwareBlob = 0x80000008;
    public const uint EfiHandoffTables = 0x80000009;
    public const uint EfiPlatformFirmwareBlob2 = 0x8000000A;
    public const uint EfiHandoffTables2 = 0x8000000B;
    public const uint EfiVariableBoot2 = 0x8000000C;
    public const uint EfiGptEvent2 = 0x8000000D;
    public const uint EfiHcrtmEvent = 0x80000010;
    public const uint EfiVariableAuthority = 0x800000E0;
    public const uint EfiSpdmFirmwareBlob = 0x800000E1;
    public const uint EfiSpdmFirmwareConfig = 0x800000E2;
    public const uint EfiSpdmDevicePolicy = 0x800000E3;
    public const uint EfiSpdmDeviceAuthority = 0x800000E4;

    /// <summary>True for the types the specification defines (those with a standard name).</summary>
    public static bool IsKnown(uint type) => KnownName(type) != null;

    /// <summary>The standard name, e.g. "EV_SEPARATOR"; "EV_UNKNOWN_0x…" for a type the spec does not define.</summary>
    public static string Name(uint type)
    {
        string? name = KnownName(type);
        return name ?? "EV_UNKNOWN_" + Text.Hex.Number(type);
    }

    private static string? KnownName(uint type)
    {
        switch (type)
        {
            case PrebootCert: return "EV_PREBOOT_CERT";
            case PostCode: return "EV_POST_CODE";
            case Unused: return "EV_UNUSED";
            case NoAction: return "EV_NO_ACTION";
            case Separator: return "EV_SEPARATOR";
            case Action: return "EV_ACTION";
            case EventTag: return "EV_EVENT_TAG";
            case SCrtmContents: return "EV_S_CRTM_CONTENTS";
            case SCrtmVersion: return "EV_S_CRTM_VERSION";
            case CpuMicrocode: return "EV_CPU_MICROCODE";
            case PlatformConfigFlags: return "EV_PLATFORM_CONFIG_FLAGS";
            case TableOfDevices: return "EV_TABLE_OF_DEVICES";
            case CompactHash: return "EV_COMPACT_HASH";
            case Ipl: return "EV_IPL";
            case IplPartitionData: return "EV_IPL_PARTITION_DATA";
            case NonhostCode: return "EV_NONHOST_CODE";
            case NonhostConfig: return "EV_NONHOST_CONFIG";
            case NonhostInfo: return "EV_NONHOST_INFO";
            case OmitBootDeviceEvents: return "EV_OMIT_BOOT_DEVICE_EVENTS";
            case PostCode2: return "EV_POST_CODE2";
            case EfiEventBase: return "EV_EFI_EVENT_BASE";
            case EfiVariableDriverConfig: return "EV_EFI_VARIABLE_DRIVER_CONFIG";
            case EfiVariableBoot: return "EV_EFI_VARIABLE_BOOT";
            case EfiBootServicesApplication: return "EV_EFI_BOOT_SERVICES_APPLICATION";
            case EfiBootServicesDriver: return "EV_EFI_BOOT_SERVICES_DRIVER";
            case EfiRuntimeServicesDriver: return "EV_EFI_RUNTIME_SERVICES_DRIVER";
            case EfiGptEvent: return "EV_EFI_GPT_EVENT";
            case EfiAction: return "EV_EFI_ACTION";
            case EfiPlatformFirmwareBlob: return "EV_EFI_PLATFORM_FIRMWARE_BLOB";
            case EfiHandoffTables: return "EV_EFI_HANDOFF_TABLES";
            case EfiPlatformFirmwareBlob2: return "EV_EFI_PLATFORM_FIRMWARE_BLOB2";
            case EfiHandoffTables2: return "EV_EFI_HANDOFF_TABLES2";
            case EfiVariableBoot2: return "EV_EFI_VARIABLE_BOOT2";
            case EfiGptEvent2: return "EV_EFI_GPT_EVENT2";
            case EfiHcrtmEvent: return "EV_EFI_HCRTM_EVENT";
            case EfiVariableAuthority: return "EV_EFI_VARIABLE_AUTHORITY";
            case EfiSpdmFirmwareBlob: return "EV_EFI_SPDM_FIRMWARE_BLOB";
            case EfiSpdmFirmwareConfig: return "EV_EFI_SPDM_FIRMWARE_CONFIG";
            case EfiSpdmDevicePolicy: return "EV_EFI_SPDM_DEVICE_POLICY";
            case EfiSpdmDeviceAuthority: return "EV_EFI_SPDM_DEVICE_AUTHORITY";
            default: return null;
        }
    }
}
