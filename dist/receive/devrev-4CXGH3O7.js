import{c as a}from"./chunk-2MHXBIZD.js";import"./chunk-ES32OARC.js";export{a as reactions};
