/**
 * The Hyper-V cmdlets the reader follows, with every parameter each one declares, so a
 * parameter-name prefix resolves exactly as PowerShell resolves it.
 *
 * Parameter lists and positions: MicrosoftDocs/windows-powershell-docs,
 * docset/winserver2022-ps/hyper-v/{New-VM,Set-VM,Set-VMMemory,Get-VM,Start-VM,Stop-VM}.md.
 * New-VM: [-Name] position 0 (alias VMName), [-MemoryStartupBytes] 1, [-Generation] 2.
 * Set-VM: [-Name] position 0 (alias VMName) or [-VM] position 0; nothing else positional.
 * Set-VMMemory: [-VMName] / [-VM] / [-VMMemory] position 0; nothing else positional.
 *
 * Name resolution, from PowerShell's MergedCommandParameterMetadata.GetMatchingParameter:
 * every parameter whose name or alias starts with the typed name (case-insensitive) is a
 * candidate; an exact name or alias wins outright; with several candidates, the one the
 * cmdlet itself declares wins when it is the only such one (common parameters, WhatIf and
 * Confirm lose); otherwise the name is ambiguous and PowerShell refuses the command.
 */

/** Which VmFacts field a parameter sets. */
export type FactKey = 'startup' | 'minimum' | 'maximum' | 'buffer' | 'priority' | 'generation' | 'dynamicSwitch' | 'staticSwitch' | 'dynamicBool';

/** What else a parameter means to the reader. */
export type ParamRole = 'name' | 'vm' | 'memory' | 'passthru';

export interface ParamDef {
  name: string;
  aliases?: string[];
  /** A switch parameter takes no argument (`-DynamicMemory`), except after a colon. */
  switch?: boolean;
  /** Common parameters (and WhatIf/Confirm) lose a tie against the cmdlet's own. */
  common?: boolean;
  position?: number;
  fact?: FactKey;
  role?: ParamRole;
}

export type CmdletKind = 'new-vm' | 'set-vm' | 'set-vmmemory' | 'get-vm' | 'get-vmmemory' | 'start-vm' | 'stop-vm';

export interface CmdletDef {
  kind: CmdletKind;
  /** The name as documented. */
  name: string;
  params: ParamDef[];
  /** The positional parameters by position (several share a position in different parameter sets). */
  positions: ParamDef[][];
}

const COMMON: ParamDef[] = [
  { name: 'Verbose', aliases: ['vb'], switch: true, common: true },
  { name: 'Debug', aliases: ['db'], switch: true, common: true },
  { name: 'ErrorAction', aliases: ['ea'], common: true },
  { name: 'WarningAction', aliases: ['wa'], common: true },
  { name: 'InformationAction', aliases: ['infa'], common: true },
  { name: 'ProgressAction', aliases: ['proga'], common: true },
  { name: 'ErrorVariable', aliases: ['ev'], common: true },
  { name: 'WarningVariable', aliases: ['wv'], common: true },
  { name: 'InformationVariable', aliases: ['iv'], common: true },
  { name: 'OutVariable', aliases: ['ov'], common: true },
  { name: 'OutBuffer', aliases: ['ob'], common: true },
  { name: 'PipelineVariable', aliases: ['pv'], common: true },
];
const SHOULD_PROCESS: ParamDef[] = [
  { name: 'WhatIf', aliases: ['wi'], switch: true, common: true },
  { name: 'Confirm', aliases: ['cf'], switch: true, common: true },
];
const REMOTE: ParamDef[] = [{ name: 'CimSession' }, { name: 'ComputerName' }, { name: 'Credential' }];

function cmdlet(kind: CmdletKind, name: string, own: ParamDef[], shouldProcess: boolean): CmdletDef {
  const positions: ParamDef[][] = [];
  for (const p of own) if (p.position !== undefined) (positions[p.position] ??= []).push(p);
  return { kind, name, params: [...own, ...REMOTE, ...COMMON, ...(shouldProcess ? SHOULD_PROCESS : [])], positions };
}

const NEW_VM = cmdlet(
  'new-vm',
  'New-VM',
  [
    { name: 'Name', aliases: ['VMName'], position: 0, role: 'name' },
    { name: 'MemoryStartupBytes', position: 1, fact: 'startup' },
    { name: 'Generation', position: 2, fact: 'generation' },
    { name: 'BootDevice' },
    { name: 'NoVHD', switch: true },
    { name: 'SwitchName' },
    { name: 'Path' },
    { name: 'Version' },
    { name: 'Prerelease', switch: true },
    { name: 'Force', switch: true },
    { name: 'AsJob', switch: true },
    { name: 'NewVHDPath' },
    { name: 'NewVHDSizeBytes' },
    { name: 'VHDPath' },
  ],
  true,
);

const SET_VM = cmdlet(
  'set-vm',
  'Set-VM',
  [
    { name: 'Name', aliases: ['VMName'], position: 0, role: 'name' },
    { name: 'VM', position: 0, role: 'vm' },
    { name: 'GuestControlledCacheTypes' },
    { name: 'LowMemoryMappedIoSpace' },
    { name: 'HighMemoryMappedIoSpace' },
    { name: 'ProcessorCount' },
    { name: 'DynamicMemory', switch: true, fact: 'dynamicSwitch' },
    { name: 'StaticMemory', switch: true, fact: 'staticSwitch' },
    { name: 'MemoryMinimumBytes', fact: 'minimum' },
    { name: 'MemoryMaximumBytes', fact: 'maximum' },
    { name: 'MemoryStartupBytes', fact: 'startup' },
    { name: 'AutomaticStartAction' },
    { name: 'AutomaticStopAction' },
    { name: 'AutomaticStartDelay' },
    { name: 'AutomaticCriticalErrorAction' },
    { name: 'AutomaticCriticalErrorActionTimeout' },
    { name: 'AutomaticCheckpointsEnabled' },
    { name: 'LockOnDisconnect' },
    { name: 'Notes' },
    { name: 'NewVMName' },
    { name: 'SnapshotFileLocation' },
    { name: 'SmartPagingFilePath' },
    { name: 'CheckpointType' },
    // in current Windows builds (not yet in the 2022 reference page)
    { name: 'EnhancedSessionTransportType' },
    { name: 'Passthru', switch: true, role: 'passthru' },
    { name: 'AllowUnverifiedPaths', switch: true },
  ],
  true,
);

const SET_VMMEMORY = cmdlet(
  'set-vmmemory',
  'Set-VMMemory',
  [
    { name: 'VMName', position: 0, role: 'name' },
    { name: 'VM', position: 0, role: 'vm' },
    { name: 'VMMemory', position: 0, role: 'memory' },
    { name: 'Buffer', fact: 'buffer' },
    { name: 'DynamicMemoryEnabled', fact: 'dynamicBool' },
    { name: 'MaximumBytes', fact: 'maximum' },
    { name: 'StartupBytes', fact: 'startup' },
    { name: 'MinimumBytes', fact: 'minimum' },
    { name: 'Priority', fact: 'priority' },
    { name: 'MaximumAmountPerNumaNodeBytes' },
    { name: 'ResourcePoolName' },
    { name: 'Passthru', switch: true, role: 'passthru' },
  ],
  true,
);

const GET_VM = cmdlet(
  'get-vm',
  'Get-VM',
  [{ name: 'Name', aliases: ['VMName'], position: 0, role: 'name' }, { name: 'Id' }, { name: 'ClusterObject' }],
  false,
);

const GET_VMMEMORY = cmdlet(
  'get-vmmemory',
  'Get-VMMemory',
  [{ name: 'VMName', position: 0, role: 'name' }, { name: 'VM', position: 0, role: 'vm' }, { name: 'VMSnapshot' }],
  false,
);

const START_VM = cmdlet(
  'start-vm',
  'Start-VM',
  [
    { name: 'Name', aliases: ['VMName'], position: 0, role: 'name' },
    { name: 'VM', position: 0, role: 'vm' },
    { name: 'AsJob', switch: true },
    { name: 'Passthru', switch: true, role: 'passthru' },
  ],
  true,
);

const STOP_VM = cmdlet(
  'stop-vm',
  'Stop-VM',
  [
    { name: 'Name', aliases: ['VMName'], position: 0, role: 'name' },
    { name: 'VM', position: 0, role: 'vm' },
    { name: 'Save', switch: true },
    { name: 'TurnOff', switch: true },
    { name: 'Force', switch: true },
    { name: 'AsJob', switch: true },
    { name: 'Passthru', switch: true, role: 'passthru' },
  ],
  true,
);

const BY_NAME = new Map<string, CmdletDef>();
for (const c of [NEW_VM, SET_VM, SET_VMMEMORY, GET_VM, GET_VMMEMORY, START_VM, STOP_VM]) {
  BY_NAME.set(c.name.toLowerCase(), c);
  BY_NAME.set('hyper-v\\' + c.name.toLowerCase(), c);
}

/** The cmdlet a command name calls (`Set-VMMemory`, `hyper-v\set-vmmemory`), or undefined. */
export function findCmdlet(commandName: string): CmdletDef | undefined {
  return commandName.length > 40 ? undefined : BY_NAME.get(commandName.toLowerCase());
}

/**
 * The parameter a typed name (without its dash) binds to: a ParamDef, 'ambiguous' when
 * PowerShell would refuse the prefix, or undefined when no parameter has that name.
 */
export function resolveParam(c: CmdletDef, typed: string): ParamDef | 'ambiguous' | undefined {
  if (typed.length === 0 || typed.length > 60) return undefined;
  const t = typed.toLowerCase();
  const matches: ParamDef[] = [];
  for (const p of c.params) {
    const names = p.aliases ? [p.name, ...p.aliases] : [p.name];
    let hit = false;
    for (const n of names) {
      const ln = n.toLowerCase();
      if (ln === t) return p;
      if (ln.startsWith(t)) hit = true;
    }
    if (hit) matches.push(p);
  }
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) return undefined;
  const own = matches.filter((p) => !p.common);
  return own.length === 1 ? own[0] : 'ambiguous';
}

/** Data-file keys (exact names, any case) and the fact each sets. */
export const DATA_KEYS: ReadonlyMap<string, FactKey | 'name'> = new Map<string, FactKey | 'name'>([
  ['memorystartupbytes', 'startup'],
  ['startupbytes', 'startup'],
  ['memoryminimumbytes', 'minimum'],
  ['minimumbytes', 'minimum'],
  ['memorymaximumbytes', 'maximum'],
  ['maximumbytes', 'maximum'],
  ['dynamicmemoryenabled', 'dynamicBool'],
  ['dynamicmemory', 'dynamicBool'],
  ['staticmemory', 'staticSwitch'],
  ['buffer', 'buffer'],
  ['priority', 'priority'],
  ['generation', 'generation'],
  ['vmname', 'name'],
  ['name', 'name'],
]);

/** Facts whose presence makes a data-file hashtable a VM. */
export const DATA_TRIGGERS: ReadonlySet<FactKey | 'name'> = new Set<FactKey | 'name'>(['startup', 'minimum', 'maximum', 'dynamicBool']);
