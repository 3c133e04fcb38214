import{a}from"./chunk-ENGWNS7P.js";import"./chunk-472RBODU.js";export{a as reactions};
