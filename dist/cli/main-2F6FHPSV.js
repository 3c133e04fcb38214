import{f as a}from"./chunk-IXAKE25T.js";import"./chunk-4QRVZGUY.js";import"./chunk-3L5FGTNB.js";export{a as main};
