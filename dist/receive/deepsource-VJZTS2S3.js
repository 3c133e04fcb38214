import{p as a}from"./chunk-2XZDIL53.js";import"./chunk-472RBODU.js";export{a as reactions};
