import type { Construct } from 'constructs';

/** The path a construct will have, known before it joins the tree so errors can name it. */
export function childPath(scope: Construct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
