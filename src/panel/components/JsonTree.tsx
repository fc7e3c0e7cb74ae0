// A JSON frame as a tree a person can fold: top levels open, deep ones closed,
// big containers drawn a chunk at a time. Every key and value is a text node.
// Clicking a row selects it and offers "copy value" and "copy path" for it.
import { Component } from 'preact';
import { useState } from 'preact/hooks';
import { signal, type Signal } from '@preact/signals';
import { t } from '../i18n';
import { count } from '../format';
import { copy } from '../clipboard';
import { CHUNK, childCount, childrenOf, copyValue, displayKey, formatPath, formatScalar, initiallyOpen, kindOf, shownChildren, summarize, type Json, type PathSeg } from '../json-tree';

interface NodeProps {
  name: PathSeg | null;
  value: Json;
  path: PathSeg[];
  depth: number;
  selected: Signal<string | null>;
}

function JsonNode({ name, value, path, depth, selected }: NodeProps) {
  const kind = kindOf(value);
  const container = kind === 'array' || kind === 'object';
  const n = container ? childCount(value) : 0;
  const [open, setOpen] = useState(() => container && initiallyOpen(depth, n));
  const [chunks, setChunks] = useState(1);
  const pathText = formatPath(path);
  const isSelected = selected.value === pathText;
  const shown = open ? shownChildren(n, chunks) : 0;
  const label = !container ? formatScalar(value as string | number | boolean | null) : open ? `(${count(n)}) ${kind === 'array' ? '[' : '{'}` : summarize(value);

  return (
    <div class="jt-node" role="treeitem" aria-expanded={container ? open : undefined} aria-selected={isSelected} data-testid="json-node" data-path={pathText} data-kind={kind}>
      <div class={'jt-row' + (isSelected ? ' selected' : '')} style={{ paddingLeft: depth * 14 + 'px' }} onClick={() => (selected.value = pathText)} onDblClick={() => container && setOpen(!open)}>
        {container ? (
          <button
            class="jt-toggle"
            data-testid="json-toggle"
            aria-label={t(open ? 'fv_json_collapse' : 'fv_json_expand')}
            onClick={(e) => {
              e.stopPropagation();
              setOpen(!open);
            }}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span class="jt-toggle" />
        )}
        {name !== null && (
          <>
            <span class={'jt-key' + (typeof name === 'number' ? ' jt-index' : '')} data-testid="json-key">
              {displayKey(name)}
            </span>
            <span class="jt-colon">: </span>
          </>
        )}
        <span class={'jt-val jt-' + kind} data-testid="json-value">
          {label}
        </span>
        {isSelected && (
          <span class="jt-actions">
            <button class="tb-btn" data-testid="json-copy-value" onClick={(e) => (e.stopPropagation(), copy(copyValue(value)))}>
              {t('fv_json_copy_value')}
            </button>
            <button class="tb-btn" data-testid="json-copy-path" title={pathText} onClick={(e) => (e.stopPropagation(), copy(pathText))}>
              {t('fv_json_copy_path')}
            </button>
          </span>
        )}
      </div>
      {open && (
        <div role="group">
          {childrenOf(value, 0, shown).map(([k, v]) => (
            <JsonNode key={String(k)} name={k} value={v} path={[...path, k]} depth={depth + 1} selected={selected} />
          ))}
          {shown < n && (
            <button class="jt-more link" style={{ marginLeft: (depth + 1) * 14 + 'px' }} data-testid="json-more" onClick={() => setChunks(chunks + 1)}>
              {t('fv_json_show_more', count(Math.min(CHUNK, n - shown)), count(shown), count(n))}
            </button>
          )}
          <div class="jt-close" style={{ paddingLeft: depth * 14 + 14 + 'px' }}>
            {kind === 'array' ? ']' : '}'}
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * The panel re-renders ten times a second while frames arrive; a parsed value never
 * changes, so the tree skips those renders (its nodes still re-render on their own state).
 */
export class JsonTree extends Component<{ value: Json }> {
  private selected = signal<string | null>(null);

  override shouldComponentUpdate(next: { value: Json }): boolean {
    return next.value !== this.props.value;
  }

  override render() {
    return (
      <div class="json-tree" role="tree" aria-label={t('fv_json_tree_label')} data-testid="json-tree">
        <JsonNode name={null} value={this.props.value} path={[]} depth={0} selected={this.selected} />
      </div>
    );
  }
}
