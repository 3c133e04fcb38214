import{c as a}from"./chunk-HCDB2BSG.js";import"./chunk-4RZNDWJH.js";export{a as reactions};
