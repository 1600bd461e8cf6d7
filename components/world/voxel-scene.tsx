"use client";

import { OrbitView, type PickingInfo } from "@deck.gl/core";
import { PointCloudLayer } from "@deck.gl/layers";
import { SimpleMeshLayer } from "@deck.gl/mesh-layers";
import { DeckGL, type DeckGLRef } from "@deck.gl/react";
import { CubeGeometry } from "@luma.gl/engine";
import { useEffect, useMemo, useRef, useState } from "react";
import type { DrawGroup } from "@/components/world/viewer-geometry";

/** Below this many visible nodes the viewer draws real cubes; above it, points sized to each node's edge. */
export const cubeThreshold = 4000;

export interface VoxelSceneProps {
  groups: DrawGroup[];
  extent: { x: number; y: number; z: number };
  /** Called with the node index under the pointer (index into the region's columns), or null. */
  onHover: (hover: { index: number; x: number; y: number } | null) => void;
  onSelect: (index: number) => void;
  onFirstFrame?: () => void;
  /** For the test hook: what a node index stands for. */
  describe?: (index: number) => { mortonCode: string; level: number } | null;
}

const cube = new CubeGeometry();

interface ViewerHandle {
  describe: (index: number) => { mortonCode: string; level: number } | null;
  pickNode: (x: number, y: number) => number | null;
  screenOf: (index: number) => [number, number] | null;
  drawnCount: number;
  layerIds: string[];
  frames: number;
}

declare global {
  interface Window {
    /** Test hooks for Playwright: the live deck and helpers that go through deck.pickObject. */
    __worldViewer?: ViewerHandle & { deck: unknown };
  }
}

export default function VoxelScene({ groups, extent, onHover, onSelect, onFirstFrame, describe }: VoxelSceneProps) {
  const deckRef = useRef<DeckGLRef>(null);
  const frames = useRef(0);
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  const useCubes = total > 0 && total <= cubeThreshold;

  // The parent remounts the scene (key) for a new box, so the initial fit is the only one needed.
  const [viewState, setViewState] = useState(() => fitView(extent));

  const layers = useMemo(() => {
    if (useCubes) {
      const positions = new Float32Array(total * 3);
      const colors = new Uint8Array(total * 4);
      const scales = new Float32Array(total * 3);
      const indices = new Uint32Array(total);
      let offset = 0;
      for (const group of groups) {
        positions.set(group.positions, offset * 3);
        colors.set(group.colors, offset * 4);
        indices.set(group.indices, offset);
        scales.fill(group.edge * 0.49, offset * 3, (offset + group.count) * 3);
        offset += group.count;
      }
      return [
        new SimpleMeshLayer({
          id: "voxel-cubes",
          data: { length: total, attributes: { getPosition: { value: positions, size: 3 }, getColor: { value: colors, size: 4, normalized: true }, getScale: { value: scales, size: 3 } } },
          mesh: cube,
          pickable: true,
          // Picking reports the instance index; map it back to the region's node index.
          updateTriggers: { getPosition: positions },
          indices,
        } as never),
      ];
    }
    return groups.map(
      (group) =>
        new PointCloudLayer({
          id: `voxels-L${group.level}`,
          data: { length: group.count, attributes: { getPosition: { value: group.positions, size: 3 }, getColor: { value: group.colors, size: 4, normalized: true } } },
          getNormal: [0, 0, 1],
          sizeUnits: "common",
          // A point is a disc of this radius; 0.7·edge covers the node's square footprint.
          pointSize: group.edge * 0.7,
          pickable: true,
          material: false,
          indices: group.indices,
        } as never),
    );
  }, [groups, total, useCubes]);

  const indexOf = (info: PickingInfo): number | null => {
    if (!info.layer || info.index < 0) return null;
    const indices = (info.layer.props as unknown as { indices?: Uint32Array }).indices;
    return indices?.[info.index] ?? null;
  };

  useEffect(() => {
    const handle: ViewerHandle = {
      describe: (index) => describe?.(index) ?? null,
      pickNode: (x, y) => {
        const info = deckRef.current?.pickObject({ x, y, radius: 2 });
        return info ? indexOf(info) : null;
      },
      screenOf: (index) => {
        const deck = deckRef.current?.deck;
        const viewport = deck?.getViewports()[0];
        if (!viewport) return null;
        for (const group of groups) {
          const k = group.indices.indexOf(index);
          if (k >= 0) {
            const [x, y] = viewport.project([group.positions[3 * k]!, group.positions[3 * k + 1]!, group.positions[3 * k + 2]!]);
            return [x!, y!];
          }
        }
        return null;
      },
      drawnCount: total,
      layerIds: layers.map((layer) => layer.id),
      frames: frames.current,
    };
    window.__worldViewer = { ...handle, deck: deckRef.current?.deck };
  }, [groups, layers, total, describe]);

  return (
    <DeckGL
      ref={deckRef}
      views={new OrbitView({ id: "orbit", orbitAxis: "Z", fovy: 40 })}
      viewState={viewState}
      onViewStateChange={({ viewState: next }) => setViewState(next as typeof viewState)}
      controller={{ dragPan: true, dragRotate: true, scrollZoom: true, keyboard: true, doubleClickZoom: true }}
      layers={layers}
      onHover={(info) => {
        const index = indexOf(info);
        onHover(index === null ? null : { index, x: info.x, y: info.y });
      }}
      onClick={(info) => {
        const index = indexOf(info);
        if (index !== null) onSelect(index);
      }}
      onAfterRender={() => {
        frames.current += 1;
        if (window.__worldViewer) window.__worldViewer.frames = frames.current;
        if (frames.current === 1 || total > 0) onFirstFrame?.();
      }}
      getCursor={({ isDragging, isHovering }) => (isDragging ? "grabbing" : isHovering ? "crosshair" : "grab")}
      style={{ position: "absolute", inset: "0" }}
    />
  );
}

function fitView(extent: { x: number; y: number; z: number }) {
  const size = Math.max(extent.x, extent.y, extent.z, 1);
  return {
    target: [extent.x / 2, extent.y / 2, extent.z / 3] as [number, number, number],
    // OrbitView zoom: 2^zoom pixels per unit; fit the box's largest side into ~420 px.
    zoom: Math.log2(420 / size),
    rotationX: 35,
    rotationOrbit: -35,
    minZoom: -8,
    maxZoom: 8,
  };
}
