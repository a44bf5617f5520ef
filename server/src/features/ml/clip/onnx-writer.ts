/**
 * Just enough of ONNX's protobuf format to write a small model (graph, nodes, int attributes,
 * float/int64 initializers, typed inputs and outputs), so tests build the models they run instead
 * of downloading one. Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto, ValueInfoProto, TypeProto); nothing here is read back, only written.
 */

export type OnnxElementType = 'float' | 'int64';

export interface OnnxTensor {
  name: string;
  dims: number[];
  type: OnnxElementType;
  data: Float32Array | BigInt64Array;
}

export interface OnnxValueInfo {
  name: string;
  type: OnnxElementType;
  /** A number is a fixed size, a string a named (dynamic) one such as "batch". */
  shape: (number | string)[];
}

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Integer and integer-list attributes (axes, keepdims, axis): all the tiny models need. */
  attributes?: Record<string, number | number[]>;
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

/** TensorProto.DataType */
const DATA_TYPE: Record<OnnxElementType, number> = { float: 1, int64: 7 };
/** AttributeProto.AttributeType */
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;
/** IR version 7 is the one that goes with opset 13, whose ReduceMean still takes `axes` as an attribute. */
const IR_VERSION = 7;
const OPSET = 13;

/** The bytes of an ONNX model file. */
export function onnxModelBytes(graph: OnnxGraph): Buffer {
  return Buffer.concat([
    intField(1, IR_VERSION),
    stringField(2, 'pixeli-tests'),
    messageField(7, graphMessage(graph)),
    messageField(8, Buffer.concat([stringField(1, ''), intField(2, OPSET)])),
  ]);
}

function graphMessage(graph: OnnxGraph): Buffer {
  return Buffer.concat([
    ...graph.nodes.map((node, i) => messageField(1, nodeMessage(node, i))),
    stringField(2, 'graph'),
    ...graph.initializers.map((tensor) => messageField(5, tensorMessage(tensor))),
    ...graph.inputs.map((value) => messageField(11, valueInfoMessage(value))),
    ...graph.outputs.map((value) => messageField(12, valueInfoMessage(value))),
  ]);
}

function nodeMessage(node: OnnxNode, index: number): Buffer {
  return Buffer.concat([
    ...node.inputs.map((name) => stringField(1, name)),
    ...node.outputs.map((name) => stringField(2, name)),
    stringField(3, `${node.op.toLowerCase()}_${index}`),
    stringField(4, node.op),
    ...Object.entries(node.attributes ?? {}).map(([name, value]) =>
      messageField(5, attributeMessage(name, value)),
    ),
  ]);
}

function attributeMessage(name: string, value: number | number[]): Buffer {
  if (Array.isArray(value)) {
    return Buffer.concat([
      stringField(1, name),
      ...value.map((v) => intField(8, v)),
      intField(20, ATTRIBUTE_INTS),
    ]);
  }
  return Buffer.concat([stringField(1, name), intField(3, value), intField(20, ATTRIBUTE_INT)]);
}

function tensorMessage(tensor: OnnxTensor): Buffer {
  const expected = tensor.dims.reduce((a, b) => a * b, 1);
  if (tensor.data.length !== expected) {
    throw new RangeError(`${tensor.name}: ${tensor.data.length} values for dims [${tensor.dims}]`);
  }
  // raw_data is little-endian, as typed arrays are on every machine Node runs on here.
  const raw = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  return Buffer.concat([
    ...tensor.dims.map((d) => intField(1, d)),
    intField(2, DATA_TYPE[tensor.type]),
    stringField(8, tensor.name),
    bytesField(9, raw),
  ]);
}

function valueInfoMessage(value: OnnxValueInfo): Buffer {
  const dims = value.shape.map((d) =>
    messageField(1, typeof d === 'number' ? intField(1, d) : stringField(2, d)),
  );
  const tensorType = Buffer.concat([
    intField(1, DATA_TYPE[value.type]),
    messageField(2, Buffer.concat(dims)),
  ]);
  return Buffer.concat([stringField(1, value.name), messageField(2, messageField(1, tensorType))]);
}

// --- protobuf wire format -----------------------------------------------------------------------

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

/** Base-128 varint of a non-negative integer (all this writer ever stores). */
function varint(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint of ${value}`);
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

const key = (field: number, wire: number) => varint(field * 8 + wire);
const intField = (field: number, value: number) => Buffer.concat([key(field, WIRE_VARINT), varint(value)]);
const bytesField = (field: number, bytes: Buffer) =>
  Buffer.concat([key(field, WIRE_LENGTH_DELIMITED), varint(bytes.length), bytes]);
const stringField = (field: number, text: string) => bytesField(field, Buffer.from(text, 'utf8'));
const messageField = bytesField;
