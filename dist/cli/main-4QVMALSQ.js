import{f as a}from"./chunk-OAFWD6YT.js";import"./chunk-AMKSVLCE.js";import"./chunk-TVFIWPKH.js";export{a as main};
